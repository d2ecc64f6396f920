import { fixture } from '../test-support/site';
import { parseOrufy } from './orufy';

const parse = (name: string) => parseOrufy(fixture('orufy', name));

describe('parseOrufy', () => {
  it('maps BOOK: meetData._id, start, end from the duration, attendees[0] as the booker', () => {
    expect(parse('book')).toEqual({
      kind: 'event',
      trigger: 'BOOK',
      idempotencyKey: 'orufy:BOOK:66a1f0c2e4b0a1b2c3d4e5f6',
      event: {
        type: 'booking_created',
        status: 'accepted',
        booking: {
          externalId: '66a1f0c2e4b0a1b2c3d4e5f6',
          title: 'Solar survey call',
          startAt: new Date('2025-06-11T08:00:00Z'),
          endAt: new Date('2025-06-11T08:45:00Z'),
          booker: {
            email: 'Tom.Baker@Example.net',
            emailNormalized: 'tom.baker@example.net',
            name: 'Tom Baker',
            phone: '+44 7700 900555',
            timeZone: 'Europe/London',
          },
          guests: [{ email: 'ada.baker@example.net', name: 'Ada Baker' }],
          leadToken: null,
        },
      },
    });
  });

  it("reads our lead token (the booking link's sc_lead) from the meeting, the body or a query record", () => {
    const token = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const base = JSON.parse(fixture('orufy', 'book').toString('utf8'));
    const withToken = (change: (b: Record<string, any>) => void) => {
      const b = structuredClone(base);
      change(b);
      const result = parseOrufy(Buffer.from(JSON.stringify(b)));
      return result.kind === 'event' && 'booking' in result.event ? result.event.booking.leadToken : 'not an event';
    };
    expect(withToken((b) => (b.meetData.sc_lead = token))).toBe(token);
    expect(withToken((b) => (b.sc_lead = token))).toBe(token);
    expect(withToken((b) => (b.meetData.queryParams = { sc_lead: token, utm_source: 'google' }))).toBe(token);
    expect(withToken((b) => (b.query = { sc_lead: token }))).toBe(token);
    expect(withToken((b) => (b.meetData.sc_lead = '<script>alert(1)</script>'))).toBeNull();
    expect(withToken((b) => (b.meetData.queryParams = ['sc_lead', token]))).toBeNull();
  });

  it('maps CANCEL with its reason and RESCHEDULE to the new meeting linked to prevMeetId', () => {
    expect(parse('cancel')).toMatchObject({
      idempotencyKey: 'orufy:CANCEL:66a1f0c2e4b0a1b2c3d4e5f6',
      event: { type: 'booking_cancelled', reason: 'Going with a heat pump first', cancelledBy: 'attendee' },
    });
    expect(parse('reschedule')).toMatchObject({
      idempotencyKey: 'orufy:RESCHEDULE:66a2a0d3f5c1b2c3d4e5f607:2025-06-13T13:30:00.000Z',
      event: {
        type: 'booking_rescheduled',
        previousExternalId: '66a1f0c2e4b0a1b2c3d4e5f6',
        rescheduledBy: 'attendee',
        booking: { externalId: '66a2a0d3f5c1b2c3d4e5f607', startAt: new Date('2025-06-13T13:30:00Z') },
      },
    });
  });

  it('a meeting moved in place (same id) is a reschedule without a previous booking; each move is its own key', () => {
    const body = JSON.parse(fixture('orufy', 'reschedule').toString('utf8'));
    body.prevMeetId = body.meetData._id;
    const first = parseOrufy(Buffer.from(JSON.stringify(body)));
    expect(first).toMatchObject({ event: { type: 'booking_rescheduled', previousExternalId: null } });
    body.meetData.time = '2025-06-14T13:30:00.000Z';
    const second = parseOrufy(Buffer.from(JSON.stringify(body)));
    expect(first.kind === 'event' && second.kind === 'event' && first.idempotencyKey !== second.idempotencyKey).toBe(
      true,
    );
  });

  it('answers TEST and unknown event types as ignored, bad bodies as 4xx', () => {
    expect(parseOrufy(Buffer.from('{"eventType":"TEST"}'))).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('Test delivery received'),
    });
    expect(parseOrufy(Buffer.from('{"eventType":"PAYMENT","meetData":{}}'))).toMatchObject({ kind: 'ignored' });
    expect(parseOrufy(Buffer.from('{"eventType":"BOOK","meetData":{}}'))).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
      reason: expect.stringContaining('payload.meetData._id: missing'),
    });
    expect(parseOrufy(Buffer.from('{"meetData":{}}'))).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(parseOrufy(Buffer.from('nope'))).toMatchObject({ kind: 'invalid', httpStatus: 400 });
  });
});
