/** One JSON object per line: info to stdout, errors to stderr. */
export function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  (level === 'error' ? process.stderr : process.stdout).write(line);
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
