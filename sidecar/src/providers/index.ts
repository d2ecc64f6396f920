/** The booking tools the sidecar understands. Each one: how it signs, how its bodies parse. */
import type { VerifyResult } from '../verify';
import { calcom } from './calcom';
import { calendly } from './calendly';
import { generic } from './generic';
import { orufy } from './orufy';
import type { Provider } from './shared';

export type { Provider };

const providers: Record<string, Provider> = { calcom, calendly, orufy, generic };

export function findProvider(name: string): Provider | null {
  return Object.hasOwn(providers, name) ? providers[name] : null;
}

/** The providers PHP's webhook route accepts (`?provider=`). */
export const PROVIDER_NAMES = Object.keys(providers);

/** Why a delivery failed its check, written for the site owner. */
export function rejectionMessage(p: Provider, reason: Exclude<VerifyResult, { ok: true }>['reason']): string {
  switch (reason) {
    case 'unsigned':
      return `${p.label} sent this delivery without a ${p.credential}, but a webhook secret is saved in Solar Capture: ${p.hint}.`;
    case 'mismatch':
      return `The ${p.credential} does not match the ${p.label} webhook secret saved in Solar Capture: ${p.hint}.`;
    case 'stale':
      return `${p.label} signature timestamp is more than 3 minutes old: check the server clock or a replay.`;
  }
}
