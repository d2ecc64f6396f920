/** The booking tools the sidecar understands. Each one: how it signs, how its bodies parse. */
import type { ParseResult } from '../events';
import { type VerifyResult, verifyCalcom } from '../verify';
import { parseCalcom } from './calcom';

export interface Provider {
  /** Name shown to the site owner. */
  label: string;
  /** `headers` are the stored signature-bearing headers (lower-cased names, plus `query:token`). */
  verify(body: Buffer, headers: Record<string, string>, secrets: string[], now: Date): VerifyResult;
  /** Never throws. */
  parse(body: Buffer): ParseResult;
}

const providers: Record<string, Provider> = {
  calcom: {
    label: 'Cal.com',
    verify: (body, headers, secrets) => verifyCalcom(body, headers['x-cal-signature-256'], secrets),
    parse: parseCalcom,
  },
};

export function findProvider(name: string): Provider | null {
  return Object.hasOwn(providers, name) ? providers[name] : null;
}

/** Why a delivery failed its check, written for the site owner. */
export function rejectionMessage(label: string, reason: Exclude<VerifyResult, { ok: true }>['reason']): string {
  switch (reason) {
    case 'unsigned':
      return `${label} sent this delivery without a signature, but a webhook secret is saved in Solar Capture: enter the same secret in ${label}'s webhook settings.`;
    case 'mismatch':
      return `The signature does not match the ${label} webhook secret saved in Solar Capture: enter the same secret in ${label}'s webhook settings, or generate a new one in Solar Capture and paste it there.`;
    case 'stale':
      return `The ${label} signature is more than 3 minutes old: a replayed delivery, or this server's clock is wrong.`;
  }
}
