/**
 * The trusted CDS clients (NETCDS_CLIENTS = path to a JSON file), validated with zod at start-up.
 * Each client: its JWT issuer, where its keys are (a JWKS URL or inline JWKS), the `jku` URLs it
 * may name, its tenant, and the FHIR servers it may send us to.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ServiceError } from '../errors.js';

const httpsOrLocalUrl = z.url({ protocol: /^https?$/ });

const jwk = z.looseObject({ kty: z.string().min(1) });

const clientSchema = z
  .strictObject({
    iss: z.string().min(1),
    jwksUrl: httpsOrLocalUrl.optional(),
    jwks: z.strictObject({ keys: z.array(jwk).min(1) }).optional(),
    jkuAllowlist: z.array(httpsOrLocalUrl).default([]),
    tenant: z.string().min(1).optional(),
    fhirServers: z.array(httpsOrLocalUrl).default([]),
    /** Maximum JWT lifetime (exp − iat) in seconds for this client; default JWT_MAX_LIFETIME_SECONDS. */
    maxTokenLifetimeSeconds: z.number().int().positive().optional(),
  })
  .refine((c) => c.jwksUrl !== undefined || c.jwks !== undefined || c.jkuAllowlist.length > 0, {
    message: 'each client needs jwksUrl, jwks or a jkuAllowlist',
  });

const clientsSchema = z.array(clientSchema).min(1);

export type TrustedClient = z.infer<typeof clientSchema>;

export function parseClients(json: unknown, source = 'NETCDS_CLIENTS'): TrustedClient[] {
  const parsed = clientsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ServiceError('CONFIG_INVALID', `invalid configuration: ${source}: ${problems}`);
  }
  const issuers = parsed.data.map((c) => `${c.iss}\u0000${c.tenant ?? ''}`);
  if (new Set(issuers).size !== issuers.length) {
    throw new ServiceError('CONFIG_INVALID', `invalid configuration: ${source}: an iss (and tenant) is listed twice`);
  }
  return parsed.data;
}

export function loadClients(path: string, production: boolean): TrustedClient[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ServiceError('CONFIG_INVALID', `invalid configuration: NETCDS_CLIENTS: cannot read ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceError('CONFIG_INVALID', `invalid configuration: NETCDS_CLIENTS: ${path} is not valid JSON`);
  }
  const clients = parseClients(json);
  if (production) {
    for (const c of clients) {
      const insecure = [...(c.jwksUrl ? [c.jwksUrl] : []), ...c.jkuAllowlist, ...c.fhirServers].find((u) => !u.startsWith('https://'));
      if (insecure) throw new ServiceError('CONFIG_INVALID', `invalid configuration: NETCDS_CLIENTS: ${c.iss}: ${insecure} must use https in production`);
    }
  }
  return clients;
}

/** A FHIR base URL in a comparable form: no trailing slash, lower-case scheme and host. */
export function normalizeBaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}
