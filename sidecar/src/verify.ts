/**
 * Signature and token checks. Everything works on the raw bytes PHP stored, and every
 * comparison is constant time. Several secrets may be valid at once (the current one and,
 * until it expires, the one it replaced).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { ok: true } | { ok: false; reason: 'unsigned' | 'mismatch' | 'stale' };

export interface SecretSettings {
  secret: string | null;
  previousSecret: string | null;
  /** Until this moment the previous secret still verifies. */
  previousSecretExpires: Date | null;
}

/** The secrets a delivery received at `now` may be signed with. */
export function activeSecrets(settings: SecretSettings, now: Date): string[] {
  const secrets = settings.secret ? [settings.secret] : [];
  const { previousSecret, previousSecretExpires } = settings;
  if (previousSecret && previousSecretExpires && now < previousSecretExpires) secrets.push(previousSecret);
  return secrets;
}

/** Constant-time equality; unequal lengths are unequal (that length is not secret). */
export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const left = Buffer.isBuffer(a) ? a : Buffer.from(a, 'utf8');
  const right = Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function hmacSha256(secret: string, ...parts: Buffer[]): Buffer {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** Hex is compared as the bytes it spells, so case does not matter; anything but 64 hex digits never matches. */
function hexMatchesAny(hex: string, secrets: string[], ...parts: Buffer[]): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const presented = Buffer.from(hex, 'hex');
  // Check every secret so the time taken does not reveal which one matched.
  return secrets.map((secret) => safeEqual(hmacSha256(secret, ...parts), presented)).includes(true);
}

/** Cal.com: `X-Cal-Signature-256` = hex HMAC-SHA256 of the exact body. `no-secret-provided` means unsigned. */
export function verifyCalcom(body: Buffer, header: string | undefined, secrets: string[]): VerifyResult {
  const signature = header?.trim() ?? '';
  if (signature === '' || signature === 'no-secret-provided') return { ok: false, reason: 'unsigned' };
  return hexMatchesAny(signature, secrets, body) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

const CALENDLY_TOLERANCE_SECONDS = 180;

/** Calendly: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>` over `<t>.<body>`; `t` within 3 minutes of now. */
export function verifyCalendly(body: Buffer, header: string | undefined, secrets: string[], now: Date): VerifyResult {
  const fields = new Map(
    (header ?? '').split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !v1) return { ok: false, reason: 'unsigned' };
  if (!hexMatchesAny(v1, secrets, Buffer.from(`${t}.`, 'utf8'), body)) return { ok: false, reason: 'mismatch' };
  const skew = Math.abs(now.getTime() / 1000 - Number(t));
  return /^\d+$/.test(t) && skew <= CALENDLY_TOLERANCE_SECONDS ? { ok: true } : { ok: false, reason: 'stale' };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

const FINGERPRINT = /^sha256:([0-9a-f]{64})$/;

/** The SHA-256 of a value as stored at rest: `sha256:<hex>`. */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

/**
 * A stored header that carries a shared secret as it is, as it may rest in the database: a bearer
 * token becomes `Bearer sha256:<hex>`, any other value `sha256:<hex>` (PHP's Webhook_Handler does
 * the same). The secret itself is never stored.
 */
export function credentialAtRest(name: string, value: string): string {
  if (name === 'authorization') {
    const token = bearerToken(value);
    return token === undefined ? fingerprint(value) : `Bearer ${fingerprint(token)}`;
  }
  return fingerprint(value);
}

/**
 * A shared secret presented as is, wherever the tool puts it (bearer token, `X-Webhook-Secret`,
 * `?token=`): accepted when any presented value is one of the secrets. For Orufy and generic
 * deliveries. A presented value is normally its fingerprint (`sha256:<hex>`, see credentialAtRest),
 * compared with each secret's; a plain value (a row stored before fingerprints) is compared as is.
 */
export function verifyToken(presented: (string | undefined)[], secrets: string[]): VerifyResult {
  const values = presented.filter((value): value is string => !!value);
  if (values.length === 0) return { ok: false, reason: 'unsigned' };
  const prints = secrets.map((secret) => fingerprint(secret));
  // Every pair is compared, so the time taken does not reveal which value or secret matched.
  const matches = values.flatMap((value) =>
    FINGERPRINT.test(value)
      ? prints.map((print) => safeEqual(value, print))
      : secrets.map((secret) => safeEqual(value, secret)),
  );
  return matches.includes(true) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
