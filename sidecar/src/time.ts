/** Database times are UTC text `YYYY-MM-DD HH:MM:SS` (DATETIME in MySQL). */
export function toDbTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const dbTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Reads ISO 8601 with a zone (`Z` or `+00:00`) or a database time (UTC); null for anything else. */
export function parseTime(text: string): Date | null {
  const candidate = dbTime.test(text) ? `${text.replace(' ', 'T')}Z` : isoWithOffset.test(text) ? text : null;
  if (candidate === null) return null;
  const date = new Date(candidate);
  return Number.isNaN(date.getTime()) ? null : date;
}
