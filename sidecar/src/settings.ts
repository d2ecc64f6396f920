/** The plugin's options the sidecar reads (docs/internals.md, "Options"). */
import { z } from 'zod';
import { SECRET_ENV_NAMES } from './contracts';
import { isRecord, parseJson } from './json';
import { parseTime } from './time';
import type { SecretSettings } from './verify';

export const INTERNAL_TOKEN_OPTION = 'solar_capture_internal_token';
export const PROVIDERS_OPTION = 'solar_capture_providers';

/** A problem the site owner has to fix in the settings or the sidecar's environment. */
export class SiteConfigError extends Error {}

// PHP may save a checkbox as true, 1 or "1".
const flag = z
  .unknown()
  .optional()
  .transform((value) => value === true || value === 1 || value === '1' || value === 'true');
const optionalText = z.string().nullish().catch(null);

/** Question (key or label) → lead field; entries that are not text are dropped. */
const answerMap = z
  .record(z.string(), z.unknown())
  .catch({})
  .default({})
  .transform((map) =>
    Object.fromEntries(Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
  );

const providerSchema = z.object({
  enabled: flag,
  secret: optionalText,
  previous_secret: optionalText,
  previous_secret_expires: optionalText,
  accept_unsigned: flag,
  accept_unsigned_until: optionalText,
  answer_map: answerMap,
});
type ProviderEntry = z.infer<typeof providerSchema>;

export interface ProviderSettings {
  enabled: boolean;
  acceptUnsigned: boolean;
  /** When "Accept unsigned deliveries" turns itself off (24 h after it was ticked); null: never on. */
  acceptUnsignedUntil: Date | null;
  secrets: SecretSettings;
  /** Form question → lead field (docs/internals.md, `answer_map`). */
  answerMap: Record<string, string>;
}

/** `env:NAME` → that variable of the sidecar's environment; anything else is the secret itself. */
function resolveSecret(value: string | null | undefined, env: NodeJS.ProcessEnv, what: string): string | null {
  if (!value) return null;
  const reference = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim());
  if (!reference) return value;
  // Checked before the environment is read: a refused name says nothing about whether it is set.
  if (!SECRET_ENV_NAMES.test(reference[1])) {
    throw new SiteConfigError(
      `The ${what} refers to the environment variable ${reference[1]}, which cannot hold a webhook secret: use a name that starts with SOLAR_CAPTURE_ or ends in _WEBHOOK_SECRET, _SIGNING_KEY or _TOKEN (for example CALCOM_WEBHOOK_SECRET), set it for the sidecar and choose it on the Integrations screen.`,
    );
  }
  const resolved = env[reference[1]];
  if (!resolved) {
    throw new SiteConfigError(
      `The ${what} refers to the environment variable ${reference[1]}, which is not set for the Solar Capture sidecar. Set it and restart the sidecar, then replay this delivery.`,
    );
  }
  return resolved;
}

/**
 * The option's entries, parsed: kept while the option's text stays the same (PHP rewrites it only
 * when the Integrations screen is saved), so a delivery pays for one string comparison, not a
 * JSON parse and a schema check. A provider without a usable entry maps to null.
 */
let parsedOption: { text: string; entries: Map<string, ProviderEntry | null> } | null = null;

function providerEntries(option: string): Map<string, ProviderEntry | null> {
  if (parsedOption?.text === option) return parsedOption.entries;
  const all = parseJson(option);
  if (!isRecord(all))
    throw new SiteConfigError(
      `The ${PROVIDERS_OPTION} option is not a JSON object; save the Integrations screen again.`,
    );
  const entries = new Map(
    Object.entries(all).map(([name, entry]) => {
      const parsed = providerSchema.safeParse(entry);
      return [name, parsed.success ? parsed.data : null] as const;
    }),
  );
  parsedOption = { text: option, entries };
  return entries;
}

/** One provider's settings from the `solar_capture_providers` option (JSON); null when it has none. */
export function readProviderSettings(
  option: string | null,
  provider: string,
  label: string,
  env: NodeJS.ProcessEnv,
): ProviderSettings | null {
  if (option === null || option.trim() === '') return null;
  const s = providerEntries(option).get(provider);
  if (!s) return null;
  return {
    enabled: s.enabled,
    acceptUnsigned: s.accept_unsigned,
    acceptUnsignedUntil: s.accept_unsigned && s.accept_unsigned_until ? parseTime(s.accept_unsigned_until) : null,
    answerMap: s.answer_map,
    secrets: {
      secret: resolveSecret(s.secret, env, `${label} webhook secret`),
      previousSecret: resolveSecret(s.previous_secret, env, `previous ${label} webhook secret`),
      previousSecretExpires: s.previous_secret_expires ? parseTime(s.previous_secret_expires) : null,
    },
  };
}
