/** Database times are UTC text `YYYY-MM-DD HH:MM:SS` (DATETIME in MySQL). */
export function toDbTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const isoWithZone =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;
const dbTime = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/**
 * Reads ISO 8601 with a zone (`Z` or `+00:00`) or a database time (UTC); null for anything else,
 * including dates that do not exist (2026-02-30) and years a DATETIME column cannot hold.
 */
export function parseTime(text: string): Date | null {
  const db = dbTime.exec(text);
  const match = db ?? isoWithZone.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1, 4).map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || year > 9998 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const date = new Date(db ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}
