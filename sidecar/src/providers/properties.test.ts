/**
 * Properties of every provider, checked on generated input (fast-check): parsers never throw,
 * and while a secret is set no unsigned or wrongly signed delivery is ever accepted.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { processDelivery } from '../process';
import { fixture, NOW, signCalcom, signCalendly, t, TestSite } from '../test-support/site';
import { findProvider, PROVIDER_NAMES } from '.';

const KINDS = ['event', 'ignored', 'invalid'];
const SAMPLES: Record<string, string[]> = {
  calcom: [
    'booking-created',
    'booking-cancelled',
    'booking-rescheduled',
    'booking-no-show-updated',
    'meeting-ended',
    'booking-created-seat-second',
    'booking-cancelled-seat',
    'booking-rescheduled-seat',
    'booking-cancelled-recurring-all',
    'booking-payment-initiated',
    'booking-created-answers',
    'after-guests-cal-video-no-show',
    'after-hosts-cal-video-no-show',
    'form-submitted',
  ],
  calendly: [
    'invitee-created',
    'invitee-canceled-rescheduled',
    'invitee-created-rescheduled',
    'invitee-no-show-created',
    'routing-form-submission-created',
  ],
  orufy: ['book', 'cancel', 'reschedule'],
  generic: ['booked'],
};
const sample = (provider: string, name: string) => JSON.parse(fixture(provider, name).toString('utf8'));

/** Replaces the value at a random path of a JSON value by `value`. */
function replaceAt(json: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || typeof json !== 'object' || json === null) return value;
  const entries = Object.entries(json);
  if (entries.length === 0) return value;
  const [key, child] = entries[path[0] % entries.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(json) ? [...json] : { ...json };
  (copy as Record<string, unknown>)[key] = replaceAt(child, path.slice(1), value);
  return copy;
}

/** The headers that make `body` genuinely signed for `provider`. */
function signed(provider: string, body: Buffer, secret: string): Record<string, string> {
  switch (provider) {
    case 'calcom':
      return { 'x-cal-signature-256': signCalcom(body, secret) };
    case 'calendly':
      return { 'calendly-webhook-signature': signCalendly(body, secret) };
    default:
      return { authorization: `Bearer ${secret}` };
  }
}

const HEADER_NAMES = [
  'x-cal-signature-256',
  'calendly-webhook-signature',
  'authorization',
  'x-webhook-secret',
  'query:token',
];

/** Header values an attacker might try, given the real secret and body. */
const forgedValue = (secret: string, body: Buffer) =>
  fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom('', 'no-secret-provided', 'Bearer', 'Bearer ', 't=,v1='),
    fc
      .string({ minLength: 1, maxLength: 40 })
      .map((key) => createHmac('sha256', `${secret}${key}`).update(body).digest('hex')),
    fc
      .string({ minLength: 1, maxLength: 40 })
      .map((other) => signCalcom(Buffer.concat([body, Buffer.from(other)]), secret)),
    fc.integer({ min: 0, max: 2 ** 31 }).map(
      (ts) =>
        `t=${ts},v1=${createHmac('sha256', secret)
          .update(`${ts + 1}.`)
          .update(body)
          .digest('hex')}`,
    ),
    fc.integer({ min: 0, max: secret.length - 1 }).map((at) => `Bearer ${secret.slice(0, at)}`),
    fc
      .integer({ min: 0, max: secret.length - 1 })
      .map((at) => secret.slice(0, at) + String.fromCharCode(secret.charCodeAt(at) ^ 1) + secret.slice(at + 1)),
    // Trailing white space is not a forgery: HTTP strips it from header values.
    fc.string({ minLength: 1, maxLength: 5 }).filter((extra) => extra.trimEnd() === extra).map((extra) => `${secret}${extra}`),
    fc.string({ minLength: 1, maxLength: 5 }).filter((extra) => extra.trimEnd() === extra).map((extra) => `Bearer ${secret}${extra}`),
  );

describe.each(PROVIDER_NAMES)('%s', (name) => {
  const provider = findProvider(name)!;

  it('never throws on any bytes, any JSON, or a realistic body with any field replaced by anything', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(KINDS).toContain(provider.parse(Buffer.from(bytes)).kind);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(KINDS).toContain(provider.parse(Buffer.from(JSON.stringify(json))).kind);
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES[name]),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.anything(),
        (sampleName, path, value) => {
          const json = JSON.stringify(replaceAt(sample(name, sampleName), path, value)) ?? 'null';
          expect(KINDS).toContain(provider.parse(Buffer.from(json)).kind);
        },
      ),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 })), (fields) => {
        expect(KINDS).toContain(provider.parse(Buffer.from(new URLSearchParams(fields).toString())).kind);
      }),
    );
  });

  it('accepts only what is signed with a current secret', () => {
    const attack = fc
      .tuple(
        fc.string({ minLength: 8, maxLength: 40 }).filter((s) => !/\s/.test(s)),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      )
      .chain(([secret, body]) =>
        fc.record({
          secret: fc.constant(secret),
          body: fc.constant(body),
          headers: fc.dictionary(fc.constantFrom(...HEADER_NAMES), forgedValue(secret, body)),
        }),
      );
    fc.assert(
      fc.property(attack, ({ secret, body, headers }) => {
        const genuine = signed(name, body, secret);
        // The genuine signature is accepted...
        expect(provider.verify(body, genuine, [secret], NOW)).toEqual({ ok: true });
        // ...headers made up of forgeries never are...
        expect(provider.verify(body, headers, [secret], NOW).ok).toBe(false);
        // ...nor a genuine signature with another secret, or over another body.
        expect(provider.verify(body, signed(name, body, `${secret}x`), [secret], NOW).ok).toBe(false);
        if (name === 'calcom' || name === 'calendly')
          expect(provider.verify(Buffer.concat([body, Buffer.from(' ')]), genuine, [secret], NOW).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('through processDelivery, with a secret set', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await TestSite.create('sqlite');
  });
  afterAll(() => site.close());

  it('an unsigned or wrongly signed delivery is always rejected 401 and changes nothing but the delivery log', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROVIDER_NAMES),
        fc.boolean(),
        fc.dictionary(fc.constantFrom(...HEADER_NAMES), fc.string({ maxLength: 70 })),
        async (name, realBody, headers) => {
          const body = realBody
            ? fixture(name, SAMPLES[name][0])
            : Buffer.from(JSON.stringify({ email: 'x@example.org' }));
          const id = await site.queue(body, headers, name);
          expect(await processDelivery(site.ctx, id)).toMatchObject({ status: 'rejected', http_status: 401 });
          expect(await site.rows(`SELECT id FROM ${t.leads}`)).toEqual([]);
          expect(await site.row(`SELECT body FROM ${t.deliveries} WHERE id = ?`, id)).toEqual({ body: null });
        },
      ),
      { numRuns: 150 },
    );
  });
});
