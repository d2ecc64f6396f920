/**
 * The contract files the sidecar shares with PHP and the screens (plugin/providers.json and
 * plugin/lead-fields.json; docs/internals.md, "Contracts"), read once at start the way
 * pipeline.ts reads plugin/pipeline.json. They are read from the pipeline file's folder
 * (PIPELINE_FILE's, by default the repository's plugin/): the three files travel together.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from './config';

export const contractsDir = process.env.PIPELINE_FILE
  ? path.dirname(path.resolve(process.env.PIPELINE_FILE))
  : path.join(packageRoot, '..', 'plugin');

const providersSchema = z.object({
  default: z.string(),
  max_body_bytes: z.number().int().positive(),
  headers: z.array(z.string()),
  query_token: z.string().min(1),
  secret_env_names: z.string().min(1),
  secret_headers: z.array(z.string()),
  providers: z
    .array(
      z.object({
        id: z.string().min(1),
        label: z.string(),
        short_label: z.string().optional(),
        credential: z.enum(['signature', 'secret token']),
        signature_headers: z.array(z.string()),
        lead_token: z.string(),
      }),
    )
    .min(1),
});

const fieldsSchema = z.object({
  fields: z.array(z.object({ key: z.string(), max_length: z.number().int().positive().optional() })).min(1),
  answer_map: z.object({
    fields: z.array(z.string().min(1)).min(1),
    defaults: z.array(z.object({ field: z.string().min(1), pattern: z.string().min(1), examples: z.array(z.string()) })),
  }),
});

function read<T>(file: string, schema: z.ZodType<T>): T {
  const full = path.join(contractsDir, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the contract file ${full}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(`Invalid contract file ${full}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data;
}

export const providersContract = read('providers.json', providersSchema);
export const leadFieldsContract = read('lead-fields.json', fieldsSchema);

/** Largest body accepted, as PHP's webhook route (providers.json `max_body_bytes`). */
export const MAX_BODY_BYTES = providersContract.max_body_bytes;

/** Headers stored with a delivery, lower-cased, as PHP stores them (plus `query:<query_token>`). */
export const STORED_HEADERS: readonly string[] = [
  ...new Set(
    [...providersContract.providers.flatMap((p) => p.signature_headers), ...providersContract.headers].map((name) =>
      name.toLowerCase(),
    ),
  ),
];

/** Stored headers that carry a shared secret as it is (plus `query:<query_token>`): kept only as fingerprints. */
export const SECRET_HEADERS: readonly string[] = [
  ...providersContract.secret_headers.map((name) => name.toLowerCase()),
  `query:${providersContract.query_token}`,
];

/** Names an `env:NAME` secret may read (providers.json `secret_env_names`): never DB_PASSWORD and the like. */
export const SECRET_ENV_NAMES = new RegExp(providersContract.secret_env_names);

/** A lead field's maximum length (lead-fields.json); throws for a field without one. */
export function leadFieldMax(key: string): number {
  const max = leadFieldsContract.fields.find((field) => field.key === key)?.max_length;
  if (max === undefined) throw new Error(`lead-fields.json declares no max_length for "${key}"`);
  return max;
}
