/**
 * CDS client authentication (CDS Hooks 2.0.1 §Trusting CDS Clients; checklist §5.2), with jose.
 *
 * In order: a Bearer JWT is present; its header names an allowed algorithm (ES384 or RS384 —
 * never `none`, never HMAC) and `typ: JWT`; its `iss` is a trusted client; the key comes from
 * that client's JWKS (URL or inline), or from a `jku` only when the client allowlists it (checked
 * before anything is fetched); signature, `aud` (the URL of the called endpoint), `exp`, `iat`
 * (not in the future; `exp − iat` within the allowed lifetime), `jti` present and not seen
 * before within its lifetime, and `tenant` when the client has one.
 *
 * Failures carry a short reason code and nothing else; the HTTP answer is a bare 401.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ServiceError } from '../errors.js';
import type { TrustedClient } from './clients.js';
import { normalizeBaseUrl } from './clients.js';
import { ReplayCache } from './replay-cache.js';

export const ALLOWED_ALGORITHMS = ['ES384', 'RS384'];

export type AuthFailure =
  | 'missing-token'
  | 'malformed-token'
  | 'algorithm-not-allowed'
  | 'wrong-typ'
  | 'unknown-issuer'
  | 'jku-not-allowed'
  | 'no-key'
  | 'bad-signature'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'iat-in-future'
  | 'lifetime-too-long'
  | 'missing-claim'
  | 'replayed'
  | 'wrong-tenant';

export class AuthError extends ServiceError {
  constructor(readonly reason: AuthFailure) {
    super('UNAUTHORIZED', reason);
  }
}

export interface AuthenticatedClient {
  client: TrustedClient;
  iss: string;
  tenant?: string;
  jti: string;
}

export interface ClientAuthOptions {
  clients: TrustedClient[];
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
  /** For tests: the verification clock. */
  now?: () => Date;
}

export class ClientAuthenticator {
  private readonly byIssuer = new Map<string, TrustedClient[]>();
  /** Remote key sets, one per allowlisted URL (bounded by configuration), cached by jose. */
  private readonly remoteSets = new Map<string, JWTVerifyGetKey>();
  private readonly localSets = new Map<TrustedClient, JWTVerifyGetKey>();
  private readonly replay = new ReplayCache();

  constructor(private readonly options: ClientAuthOptions) {
    for (const c of options.clients) {
      const list = this.byIssuer.get(c.iss) ?? [];
      list.push(c);
      this.byIssuer.set(c.iss, list);
    }
  }

  /** Verify the Authorization header for a call to `audience` (the endpoint's public URL). */
  async authenticate(authorization: string | undefined, audiences: string[]): Promise<AuthenticatedClient> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new AuthError('missing-token');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new AuthError('malformed-token');
    }
    if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) throw new AuthError('algorithm-not-allowed');
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') throw new AuthError('wrong-typ');
    const candidates = typeof unverified.iss === 'string' ? this.byIssuer.get(unverified.iss) : undefined;
    if (!candidates) throw new AuthError('unknown-issuer');
    const client = candidates.length === 1 ? candidates[0]! : candidates.find((c) => c.tenant === unverified.tenant);
    if (!client) throw new AuthError('wrong-tenant');

    const keys = this.keysFor(client, header.jku);
    const now = this.options.now?.() ?? new Date();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ALLOWED_ALGORITHMS,
        issuer: client.iss,
        audience: audiences,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        clockTolerance: this.options.clockToleranceSeconds,
        currentDate: now,
      }));
    } catch (err) {
      throw new AuthError(reasonOf(err));
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const iat = payload.iat!;
    const exp = payload.exp!;
    if (iat > nowSeconds + this.options.clockToleranceSeconds) throw new AuthError('iat-in-future');
    const maxLifetime = client.maxTokenLifetimeSeconds ?? this.options.maxLifetimeSeconds;
    if (exp - iat > maxLifetime) throw new AuthError('lifetime-too-long');
    if (client.tenant !== undefined && payload.tenant !== client.tenant) throw new AuthError('wrong-tenant');
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti.length === 0) throw new AuthError('missing-claim');
    if (!this.replay.remember(`${client.iss}\u0000${jti}`, exp + this.options.clockToleranceSeconds, nowSeconds)) throw new AuthError('replayed');
    return { client, iss: client.iss, jti, ...(typeof payload.tenant === 'string' ? { tenant: payload.tenant } : {}) };
  }

  /** Whether this client may send the service to a FHIR server (its base URL is listed). */
  allowsFhirServer(client: TrustedClient, fhirServer: string): boolean {
    const wanted = normalizeBaseUrl(fhirServer);
    return client.fhirServers.some((s) => normalizeBaseUrl(s) === wanted);
  }

  private keysFor(client: TrustedClient, jku: string | undefined): JWTVerifyGetKey {
    if (jku !== undefined) {
      // A jku is honoured only from the client's allowlist; it is checked before any fetch.
      if (!client.jkuAllowlist.includes(jku)) throw new AuthError('jku-not-allowed');
      return this.remote(jku);
    }
    if (client.jwks) {
      let set = this.localSets.get(client);
      if (!set) this.localSets.set(client, (set = createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0])));
      return set;
    }
    if (client.jwksUrl) return this.remote(client.jwksUrl);
    throw new AuthError('no-key');
  }

  private remote(url: string): JWTVerifyGetKey {
    let set = this.remoteSets.get(url);
    if (!set) {
      // jose refetches on an unknown kid (at most once per cooldown) and caches for cacheMaxAge.
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      this.remoteSets.set(url, set);
    }
    return set;
  }
}

function reasonOf(err: unknown): AuthFailure {
  if (err instanceof AuthError) return err.reason;
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'wrong-audience';
    if (err.claim === 'nbf') return 'not-yet-valid';
    if (err.claim === 'iat') return 'iat-in-future';
    if (err.reason === 'missing') return 'missing-claim';
    return 'malformed-token';
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm-not-allowed';
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return 'no-key';
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid) return 'malformed-token';
  return 'bad-signature';
}
