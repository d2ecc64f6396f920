import { createHmac } from 'node:crypto';
import {
  activeSecrets,
  bearerToken,
  credentialAtRest,
  fingerprint,
  safeEqual,
  verifyCalcom,
  verifyCalendly,
  verifyToken,
} from './verify';

const secret = 'whsec_current';
const previous = 'whsec_previous';
const body = Buffer.from('{"triggerEvent":"BOOKING_CREATED","payload":{"uid":"abc"}}');
const hex = (key: string, data: Buffer | string) => createHmac('sha256', key).update(data).digest('hex');

describe('verifyCalcom', () => {
  it('accepts the hex HMAC-SHA256 of the exact body', () => {
    expect(verifyCalcom(body, hex(secret, body), [secret])).toEqual({ ok: true });
  });

  it('rejects a body tampered by one byte', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.length - 3] ^= 1;
    expect(verifyCalcom(tampered, hex(secret, body), [secret])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyCalcom(body, hex('someone-else', body), [secret])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('treats a missing header and the literal no-secret-provided as unsigned', () => {
    expect(verifyCalcom(body, undefined, [secret])).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyCalcom(body, '', [secret])).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyCalcom(body, 'no-secret-provided', [secret])).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('accepts upper-case hex (same bytes) but nothing that is not 64 hex digits', () => {
    expect(verifyCalcom(body, hex(secret, body).toUpperCase(), [secret])).toEqual({ ok: true });
    expect(verifyCalcom(body, `sha256=${hex(secret, body)}`, [secret]).ok).toBe(false);
    expect(verifyCalcom(body, hex(secret, body).slice(0, 63), [secret]).ok).toBe(false);
    expect(verifyCalcom(body, `${hex(secret, body).slice(0, 63)}z`, [secret]).ok).toBe(false);
  });

  it('accepts any of several candidate secrets, and nothing with none', () => {
    expect(verifyCalcom(body, hex(previous, body), [secret, previous])).toEqual({ ok: true });
    expect(verifyCalcom(body, hex(secret, body), []).ok).toBe(false);
  });
});

describe('activeSecrets', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const settings = { secret, previousSecret: previous, previousSecretExpires: new Date('2025-06-02T00:00:00Z') };

  it('keeps the previous secret until it expires', () => {
    expect(activeSecrets(settings, now)).toEqual([secret, previous]);
    const signedWithOld = hex(previous, body);
    expect(verifyCalcom(body, signedWithOld, activeSecrets(settings, now))).toEqual({ ok: true });
    const after = new Date('2025-06-02T00:00:01Z');
    expect(activeSecrets(settings, after)).toEqual([secret]);
    expect(verifyCalcom(body, signedWithOld, activeSecrets(settings, after))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('ignores a previous secret with no expiry, and an empty current secret', () => {
    expect(activeSecrets({ ...settings, previousSecretExpires: null }, now)).toEqual([secret]);
    expect(activeSecrets({ secret: '', previousSecret: null, previousSecretExpires: null }, now)).toEqual([]);
  });
});

describe('verifyCalendly', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const t = Math.floor(now.getTime() / 1000);
  const header = (ts: number, key = secret) => `t=${ts},v1=${hex(key, `${ts}.${body.toString()}`)}`;

  it('accepts t=…,v1=… over `${t}.${body}` within 3 minutes', () => {
    expect(verifyCalendly(body, header(t), [secret], now)).toEqual({ ok: true });
    expect(verifyCalendly(body, header(t - 180), [secret], now)).toEqual({ ok: true });
  });

  it('rejects an old or future timestamp as stale, a wrong key as mismatch, no header as unsigned', () => {
    expect(verifyCalendly(body, header(t - 181), [secret], now)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyCalendly(body, header(t + 181), [secret], now)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyCalendly(body, header(t, 'other'), [secret], now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyCalendly(body, undefined, [secret], now)).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyCalendly(body, 'garbage', [secret], now)).toEqual({ ok: false, reason: 'unsigned' });
  });
});

describe('tokens', () => {
  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc123')).toBe('abc123');
    expect(bearerToken('bearer  abc123 ')).toBe('abc123');
    expect(bearerToken('Basic abc123')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('compares shared secrets in constant time: any presented value against any secret', () => {
    expect(verifyToken(['s3cret'], ['other', 's3cret'])).toEqual({ ok: true });
    expect(verifyToken([undefined, 'wrong', 's3cret'], ['s3cret'])).toEqual({ ok: true });
    expect(verifyToken(['s3cre'], ['s3cret'])).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyToken([undefined, ''], ['s3cret'])).toEqual({ ok: false, reason: 'unsigned' });
    expect(verifyToken(['s3cret'], [])).toEqual({ ok: false, reason: 'mismatch' });
    expect(safeEqual('a', 'ab')).toBe(false);
  });

  it('keeps a presented secret only as its fingerprint, and verifies that against each secret', () => {
    const print = fingerprint('s3cret');
    expect(print).toBe('sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0'); // sha256sum of "s3cret"
    expect(credentialAtRest('authorization', 'Bearer s3cret')).toBe(`Bearer ${print}`);
    expect(credentialAtRest('authorization', 'Basic dXNlcjpwdw==')).toBe(fingerprint('Basic dXNlcjpwdw=='));
    expect(credentialAtRest('x-webhook-secret', 's3cret')).toBe(print);
    expect(credentialAtRest('query:token', 's3cret')).toBe(print);
    // As stored: the bearer token's fingerprint, the header's, the query's.
    expect(verifyToken([bearerToken(credentialAtRest('authorization', 'Bearer s3cret'))], ['other', 's3cret'])).toEqual({ ok: true });
    expect(verifyToken([print], ['s3cret'])).toEqual({ ok: true });
    expect(verifyToken([print], ['other'])).toEqual({ ok: false, reason: 'mismatch' });
    // The fingerprint is not the secret: presenting it as the secret verifies nothing.
    expect(verifyToken([fingerprint(print)], ['s3cret'])).toEqual({ ok: false, reason: 'mismatch' });
  });
});
