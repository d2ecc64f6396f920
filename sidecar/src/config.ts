import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The sidecar package folder: `src/` (tests) and `dist/` (built) both sit directly below it. */
export const packageRoot = path.resolve(__dirname, '..');

export type DbConfig =
  | { client: 'sqlite'; path: string }
  | { client: 'mysql'; host: string; port: number; socket?: string; database: string; user: string; password: string };

export interface Config {
  host: string;
  /** TCP port (when `socket` is not set). */
  port: number;
  /** A Unix socket path to listen on instead of host:port (hosts' Node.js app managers hand one out). */
  socket?: string;
  db: DbConfig;
  tablePrefix: string;
  drainIntervalMs: number;
  /** Deliveries older than this many days lose their body and headers. */
  retentionDays: number;
  pipelineFile: string;
  /** Where `env:NAME` secrets are looked up. */
  env: NodeJS.ProcessEnv;
  /** The path the routes are served under ('/', or the sub-URI a web server publishes the app at). */
  basePath: string;
  /** Every route needs the site's internal token, and /ingest is off: for a sidecar a web server publishes. */
  requireToken: boolean;
}

const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z
  .object({
    SIDECAR_HOST: z.string().default('127.0.0.1'),
    SIDECAR_PORT: port.optional(),
    SIDECAR_SOCKET: z.string().startsWith('/', 'must be an absolute path').optional(),
    // What hosting panels give a Node.js app (Plesk, cPanel, Hestia…): a port number or a socket path.
    PORT: z
      .string()
      .regex(/^(\d{1,5}|\/.+)$/, 'must be a port number or the absolute path of a Unix socket')
      .optional(),
    DB_CLIENT: z.enum(['sqlite', 'mysql'], { error: 'must be sqlite or mysql' }).default('sqlite'),
    SQLITE_PATH: z.string().optional(),
    DB_HOST: z.string().default('127.0.0.1'),
    DB_PORT: port.default(3306),
    DB_SOCKET: z.string().optional(),
    DB_NAME: z.string().optional(),
    DB_USER: z.string().optional(),
    DB_PASSWORD: z.string().default(''),
    TABLE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,32}$/, 'only letters, digits and _')
      .default('wp_'),
    DRAIN_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    PIPELINE_FILE: z.string().default(path.join(packageRoot, '..', 'plugin', 'pipeline.json')),
    // Served under a sub-URI (Passenger sets PASSENGER_BASE_URI for the app it publishes at one).
    BASE_PATH: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, 'must be a path such as /solar-sidecar').optional(),
    PASSENGER_BASE_URI: z.string().optional(),
    // Published by a web server (Passenger does so for every Node.js app it runs): guard every route.
    REQUIRE_TOKEN: z.enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' }).optional(),
    PASSENGER_APP_ENV: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    const need = (key: 'SQLITE_PATH' | 'DB_NAME' | 'DB_USER') => {
      if (env[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `required when DB_CLIENT=${env.DB_CLIENT}` });
    };
    if (env.DB_CLIENT === 'sqlite') need('SQLITE_PATH');
    else (['DB_NAME', 'DB_USER'] as const).forEach(need);
    if (env.PORT !== undefined && /^\d+$/.test(env.PORT) && !port.safeParse(env.PORT).success)
      ctx.addIssue({ code: 'custom', path: ['PORT'], message: 'must be between 1 and 65535' });
  });

/**
 * Where to listen: SIDECAR_SOCKET, else SIDECAR_PORT, else the PORT a hosting panel sets (a number, or
 * the path of a Unix socket), else 8787.
 */
function listenOn(e: { SIDECAR_PORT?: number; SIDECAR_SOCKET?: string; PORT?: string }): { port: number; socket?: string } {
  if (e.SIDECAR_SOCKET) return { port: 0, socket: e.SIDECAR_SOCKET };
  if (e.SIDECAR_PORT !== undefined) return { port: e.SIDECAR_PORT };
  if (e.PORT !== undefined) return /^\d+$/.test(e.PORT) ? { port: Number(e.PORT) } : { port: 0, socket: e.PORT };
  return { port: 8787 };
}

export class ConfigError extends Error {}

/** Validates the environment once; throws a ConfigError with a one-line message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`SQLITE_PATH=`) counts as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid sidecar configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const db: DbConfig =
    e.DB_CLIENT === 'sqlite'
      ? { client: 'sqlite', path: path.resolve(e.SQLITE_PATH!) }
      : {
          client: 'mysql',
          host: e.DB_HOST,
          port: e.DB_PORT,
          socket: e.DB_SOCKET,
          database: e.DB_NAME!,
          user: e.DB_USER!,
          password: e.DB_PASSWORD,
        };
  return {
    host: e.SIDECAR_HOST,
    ...listenOn(e),
    db,
    tablePrefix: e.TABLE_PREFIX,
    drainIntervalMs: e.DRAIN_INTERVAL_MS,
    retentionDays: e.RETENTION_DAYS,
    pipelineFile: path.resolve(e.PIPELINE_FILE),
    env,
    basePath: (e.BASE_PATH ?? e.PASSENGER_BASE_URI ?? '/').replace(/(.)\/+$/, '$1') || '/',
    requireToken:
      e.REQUIRE_TOKEN !== undefined
        ? e.REQUIRE_TOKEN === '1' || e.REQUIRE_TOKEN === 'true'
        : e.PASSENGER_BASE_URI !== undefined || e.PASSENGER_APP_ENV !== undefined,
  };
}

/** The sidecar's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
