import { fixture } from '../test-support/site';
import { parseGeneric } from './generic';

const parse = (body: unknown) => parseGeneric(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

describe('parseGeneric', () => {
  it('maps the normalised body: ids scoped by source, end from the duration, offset times to UTC', () => {
    expect(parseGeneric(fixture('generic', 'booked'))).toEqual({
      kind: 'event',
      trigger: 'booked',
      idempotencyKey: 'generic:booked:acuity:118822',
      event: {
        type: 'booking_created',
        status: 'accepted',
        booking: {
          externalId: 'acuity:118822',
          title: 'Home solar survey',
          startAt: new Date('2025-06-12T07:00:00Z'),
          endAt: new Date('2025-06-12T08:00:00Z'),
          booker: {
            email: 'Lena.Fischer@Example.de',
            emailNormalized: 'lena.fischer@example.de',
            name: 'Lena Fischer',
            phone: '+49 151 2345678',
            timeZone: '',
          },
          guests: [],
          leadToken: null,
          source: 'acuity',
        },
      },
    });
  });

  it('takes the aliases, form-encoded bodies, and only an e-mail', () => {
    const aliased = parse({
      email: 'a@b.org',
      name: 'A',
      phone: '1',
      startTime: '2025-06-12T09:00:00Z',
      type: 'T',
      externalId: 'x1',
    });
    expect(aliased).toMatchObject({
      idempotencyKey: 'generic:booked:x1',
      event: { booking: { externalId: 'x1', title: 'T', booker: { name: 'A', phone: '1' } } },
    });
    expect(
      parse('customer_email=jo%2Bsolar%40example.org&customer_name=Jo+Bloggs&external_id=f-9&lead_token=abc123'),
    ).toMatchObject({
      event: {
        booking: {
          externalId: 'f-9',
          leadToken: 'abc123',
          booker: { email: 'jo+solar@example.org', name: 'Jo Bloggs' },
        },
      },
    });
    const bare = parse({ customer_email: 'only@example.org' });
    expect(bare).toMatchObject({
      kind: 'event',
      event: { booking: { startAt: null, externalId: expect.stringMatching(/^auto-/) } },
    });
    expect(parse({ customer_email: 'only@example.org' })).toEqual(bare);
  });

  it('maps rescheduled (with previous_external_id) and cancelled', () => {
    expect(
      parse({
        email: 'a@b.org',
        external_id: 'n',
        previous_external_id: 'o',
        status: 'rescheduled',
        source: 'Square',
        start_time: '2025-06-12T09:00:00Z',
      }),
    ).toMatchObject({
      idempotencyKey: 'generic:rescheduled:square:n:2025-06-12T09:00:00.000Z',
      event: { type: 'booking_rescheduled', previousExternalId: 'square:o', booking: { externalId: 'square:n' } },
    });
    expect(parse({ email: 'a@b.org', external_id: 'n', status: 'canceled', reason: 'Moved house' })).toMatchObject({
      idempotencyKey: 'generic:cancelled:n',
      event: { type: 'booking_cancelled', reason: 'Moved house' },
    });
  });

  it('answers {"test":true} as ignored; names the field at fault otherwise', () => {
    expect(parse({ test: true })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('Test delivery received'),
    });
    expect(parse({ name: 'No Mail' })).toMatchObject({
      kind: 'invalid',
      httpStatus: 422,
      reason: 'customer_email (or email) is required.',
    });
    expect(parse({ email: 'a@b.org', status: 'maybe' })).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('status'),
    });
    expect(parse({ email: 'a@b.org', start_time: '12/06/2025 9am' })).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('start_time'),
    });
    expect(parse({ email: 'not-an-address' })).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(parse('[1]')).toMatchObject({ kind: 'invalid', httpStatus: 422 });
    expect(parse('{"email":')).toMatchObject({ kind: 'invalid', httpStatus: 400 });
    expect(parse('')).toMatchObject({ kind: 'invalid', httpStatus: 400 });
  });
});
