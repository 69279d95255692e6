/**
 * Configuration: read once from the environment at start-up and validated with zod.
 * A bad setting stops the process with a message that names the setting
 * (architecture.md, "Configuration is read once at start-up").
 */
import { z } from 'zod';
import { ServiceError } from './errors.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FHIR_TIMEOUT_MS: positiveInt(1500),
  FHIR_MAX_PAGES: positiveInt(5),
  FHIR_MAX_MEDICATION_READS: positiveInt(20),
  FHIR_MAX_CONNECTIONS: positiveInt(32),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'a size such as 5mb, 500kb or 1048576')
    .default('5mb'),
  NETCDS_CLIENTS: z.string().min(1).optional(),
  CORS_ORIGINS: z.string().default(''),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  JWT_MAX_LIFETIME_SECONDS: positiveInt(300),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).default(60),
  PRRT_LIFETIME_LIMIT_MCI: positiveInt(1600),
  FRESHNESS_LAB_DAYS: positiveInt(30),
  FRESHNESS_WEIGHT_DAYS: positiveInt(90),
  FRESHNESS_PERFORMANCE_DAYS: positiveInt(90),
  FRESHNESS_SSTR_MONTHS: positiveInt(6),
  FEEDBACK_DB_PATH: z.string().min(1).default('data/netcds.sqlite'),
  DATABASE_URL: z.string().min(1).optional(),
  PATIENT_HASH_KEY: z.string().min(16, 'at least 16 characters').optional(),
  DEMO_MODE: booleanFlag(true),
});

export type Environment = z.infer<typeof envSchema>;

/** Institution-tunable clinical thresholds, passed to the engine and the mapping. */
export interface ClinicalConfig {
  /** Cumulative Lu-177 activity limit in MBq (rules.md prrt.lifetime-dose). */
  lifetimeLimitMBq: number;
  labFreshnessDays: number;
  weightFreshnessDays: number;
  performanceFreshnessDays: number;
  sstrFreshnessMonths: number;
}

export interface Config {
  env: Environment['NODE_ENV'];
  production: boolean;
  port: number;
  host: string;
  publicBaseUrl: string;
  logLevel: Environment['LOG_LEVEL'];
  fhir: { timeoutMs: number; maxPages: number; maxMedicationReads: number; maxConnections: number };
  bodyLimit: string;
  clientsFile?: string;
  corsOrigins: string[];
  rateLimitPerMinute?: number;
  jwt: { maxLifetimeSeconds: number; clockToleranceSeconds: number };
  clinical: ClinicalConfig;
  store: { sqlitePath: string; databaseUrl?: string; patientHashKey?: string };
  demoMode: boolean;
}

/** 1 mCi = 37 MBq exactly (1 Ci = 3.7e10 Bq). */
export const MBQ_PER_MCI = 37;

function parseEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ServiceError('CONFIG_INVALID', `invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Only the store settings (for tools such as the report command). */
export function loadStoreConfig(source: NodeJS.ProcessEnv = process.env): Config['store'] {
  const e = parseEnv(envSchema.pick({ FEEDBACK_DB_PATH: true, DATABASE_URL: true, PATIENT_HASH_KEY: true }), source);
  return { sqlitePath: e.FEEDBACK_DB_PATH, databaseUrl: e.DATABASE_URL, patientHashKey: e.PATIENT_HASH_KEY };
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(envSchema, source);
  const production = e.NODE_ENV === 'production';
  if (production && !e.NETCDS_CLIENTS) {
    throw new ServiceError(
      'CONFIG_INVALID',
      'invalid configuration: NETCDS_CLIENTS is required when NODE_ENV=production (path to the trusted CDS clients file)',
    );
  }
  // Local development without client authentication must not be reachable from the network.
  const host = e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
  if (!production && !e.NETCDS_CLIENTS && !isLoopback(host)) {
    throw new ServiceError(
      'CONFIG_INVALID',
      `invalid configuration: HOST=${host} without NETCDS_CLIENTS would expose an unauthenticated service; set NETCDS_CLIENTS or bind to 127.0.0.1`,
    );
  }
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    host,
    publicBaseUrl,
    logLevel: e.LOG_LEVEL,
    fhir: { timeoutMs: e.FHIR_TIMEOUT_MS, maxPages: e.FHIR_MAX_PAGES, maxMedicationReads: e.FHIR_MAX_MEDICATION_READS, maxConnections: e.FHIR_MAX_CONNECTIONS },
    bodyLimit: e.BODY_LIMIT,
    clientsFile: e.NETCDS_CLIENTS,
    corsOrigins: e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    // Per authenticated client; on by default in production, off in local development unless set.
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? (production ? 1200 : undefined),
    jwt: { maxLifetimeSeconds: e.JWT_MAX_LIFETIME_SECONDS, clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_SECONDS },
    clinical: {
      lifetimeLimitMBq: e.PRRT_LIFETIME_LIMIT_MCI * MBQ_PER_MCI,
      labFreshnessDays: e.FRESHNESS_LAB_DAYS,
      weightFreshnessDays: e.FRESHNESS_WEIGHT_DAYS,
      performanceFreshnessDays: e.FRESHNESS_PERFORMANCE_DAYS,
      sstrFreshnessMonths: e.FRESHNESS_SSTR_MONTHS,
    },
    store: loadStoreConfig(source),
    demoMode: e.DEMO_MODE && !production,
  };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

/** The documented defaults (rules.md §2 freshness windows, 1600 mCi lifetime limit). */
export const DEFAULT_CLINICAL_CONFIG: ClinicalConfig = {
  lifetimeLimitMBq: 1600 * MBQ_PER_MCI,
  labFreshnessDays: 30,
  weightFreshnessDays: 90,
  performanceFreshnessDays: 90,
  sstrFreshnessMonths: 6,
};
