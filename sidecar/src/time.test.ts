import { parseTime, toDbTime } from './time';

describe('parseTime', () => {
  it('reads ISO 8601 with a zone and database times, as UTC', () => {
    expect(parseTime('2025-06-10T10:00:00Z')).toEqual(new Date('2025-06-10T10:00:00Z'));
    expect(parseTime('2025-06-10T10:00:00.000000Z')).toEqual(new Date('2025-06-10T10:00:00Z'));
    expect(parseTime('2025-06-10T11:00:00+01:00')).toEqual(new Date('2025-06-10T10:00:00Z'));
    expect(parseTime('2025-06-10T10:00+0000')).toEqual(new Date('2025-06-10T10:00:00Z'));
    expect(parseTime('2025-06-10 10:00:00')).toEqual(new Date('2025-06-10T10:00:00Z'));
    expect(toDbTime(parseTime('2024-02-29T23:59:59Z')!)).toBe('2024-02-29 23:59:59');
  });

  it('refuses times without a zone, dates that do not exist, and years a DATETIME cannot hold', () => {
    for (const text of [
      '2025-06-10T10:00:00',
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-06-10T24:00:00Z',
      '2025-06-10T10:60:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00Z',
      'Tue, 10 Jun 2025 10:00:00 GMT',
      '1749549600',
      '',
    ])
      expect(parseTime(text)).toBeNull();
  });
});
