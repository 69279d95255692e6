/**
 * Client authentication, FHIR-server allowlist, CORS and rate limits over HTTP (issue #6), with
 * real keys generated here (EC P-384 and RSA).
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import nock from 'nock';
import request from 'supertest';
import { ClientAuthenticator } from '../../src/security/client-auth.js';
import { parseClients } from '../../src/security/clients.js';
import * as F from '../fixtures/fhir.js';
import { FHIR_BASE, FIXED_NOW, patientViewRequest, testApp } from '../fixtures/hooks.js';
import { expectCards, expectErrorCode } from '../support/assertions.js';
import { mockFhirServer } from '../support/fhir-server.js';

const BASE = 'https://cds.example.org';
const PV = '/cds-services/netcds-patient-view';
const ISS_A = 'https://ehr-a.example';
const ISS_B = 'https://ehr-b.example';
const JWKS_B = 'https://ehr-b.example/.well-known/jwks.json';
const JKU_ROTATED = 'https://ehr-b.example/keys/rotated.json';
const NOW_S = Math.floor(FIXED_NOW().getTime() / 1000);
const CHART = [F.patient({ birthDate: '1960-01-01', gender: 'male' }), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-06-01'), F.sstrPet('positive', '2026-06-10')];

let ecPrivate: CryptoKey;
let ecPublicJwk: JWK;
let otherEcPrivate: CryptoKey;
let rsaPrivate: CryptoKey;
let rsaPublicJwk: JWK;
let rotatedPrivate: CryptoKey;
let rotatedPublicJwk: JWK;

function authenticator() {
  const clients = parseClients([
    { iss: ISS_A, jwks: { keys: [ecPublicJwk] }, tenant: 'hospital-a', fhirServers: [FHIR_BASE] },
    { iss: ISS_B, jwksUrl: JWKS_B, jkuAllowlist: [JKU_ROTATED], fhirServers: ['https://fhir.ehr-b.example/r4/'] },
  ]);
  return new ClientAuthenticator({ clients, maxLifetimeSeconds: 300, clockToleranceSeconds: 60, now: FIXED_NOW });
}

interface SignOptions {
  key?: CryptoKey;
  alg?: string;
  kid?: string;
  jku?: string;
  iss?: string;
  aud?: string | string[];
  iat?: number;
  exp?: number;
  jti?: string | null;
  tenant?: string | null;
}

async function token(o: SignOptions = {}): Promise<string> {
  const iss = o.iss ?? ISS_A;
  const claims: Record<string, unknown> = {};
  if (o.tenant !== null && iss === ISS_A) claims.tenant = o.tenant ?? 'hospital-a';
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? 'ES384', typ: 'JWT', kid: o.kid ?? 'ec-1', ...(o.jku ? { jku: o.jku } : {}) })
    .setIssuer(iss)
    .setAudience(o.aud ?? `${BASE}${PV}`)
    .setIssuedAt(o.iat ?? NOW_S)
    .setExpirationTime(o.exp ?? NOW_S + 300);
  if (o.jti !== null) jwt.setJti(o.jti ?? randomUUID());
  return jwt.sign(o.key ?? ecPrivate);
}

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

function call(app: ReturnType<typeof testApp>, bearer: string | undefined, body: object = patientViewRequest(CHART)) {
  const r = request(app).post(PV);
  if (bearer !== undefined) r.set('Authorization', `Bearer ${bearer}`);
  return r.send(body);
}

beforeAll(async () => {
  ({ privateKey: ecPrivate } = await generateKeyPair('ES384', { extractable: true }).then(async (kp) => {
    ecPublicJwk = { ...(await exportJWK(kp.publicKey)), kid: 'ec-1', alg: 'ES384', use: 'sig' };
    return kp;
  }));
  otherEcPrivate = (await generateKeyPair('ES384')).privateKey;
  const rsa = await generateKeyPair('RS384', { modulusLength: 2048 });
  rsaPrivate = rsa.privateKey;
  rsaPublicJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS384', use: 'sig' };
  const rotated = await generateKeyPair('RS384', { modulusLength: 2048 });
  rotatedPrivate = rotated.privateKey;
  rotatedPublicJwk = { ...(await exportJWK(rotated.publicKey)), kid: 'rsa-2', alg: 'RS384', use: 'sig' };
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const appWithAuth = (env: Record<string, string> = {}) => testApp({ env: { PUBLIC_BASE_URL: BASE, ...env }, auth: authenticator() });

describe('valid tokens', () => {
  test('ES384 with the client’s inline JWKS → 200', async () => {
    expectCards(await call(appWithAuth(), await token()));
  });

  test('RS384 with keys from the client’s JWKS URL → 200 (fetched once, then cached)', async () => {
    const jwks = nock('https://ehr-b.example').get('/.well-known/jwks.json').once().reply(200, { keys: [rsaPublicJwk] });
    const app = appWithAuth();
    expectCards(await call(app, await token({ iss: ISS_B, key: rsaPrivate, alg: 'RS384', kid: 'rsa-1' })));
    expectCards(await call(app, await token({ iss: ISS_B, key: rsaPrivate, alg: 'RS384', kid: 'rsa-1' })));
    expect(jwks.isDone()).toBe(true);
  });

  test('aud as an array containing the endpoint → 200', async () => {
    expectCards(await call(appWithAuth(), await token({ aud: ['https://other.example', `${BASE}${PV}`] })));
  });

  test('a jku on the client’s allowlist is used', async () => {
    nock('https://ehr-b.example').get('/keys/rotated.json').reply(200, { keys: [rotatedPublicJwk] });
    expectCards(await call(appWithAuth(), await token({ iss: ISS_B, key: rotatedPrivate, alg: 'RS384', kid: 'rsa-2', jku: JKU_ROTATED })));
  });

  test('discovery and feedback are authenticated with their own audience', async () => {
    const app = appWithAuth();
    const discovery = await request(app).get('/cds-services').set('Authorization', `Bearer ${await token({ aud: `${BASE}/cds-services` })}`);
    expect(discovery.status).toBe(200);
    expect((await request(app).get('/cds-services')).status).toBe(401);
    const fb = { feedback: [{ card: randomUUID(), outcome: 'accepted', acceptedSuggestions: [], outcomeTimestamp: '2026-11-27T10:00:00Z' }] };
    const feedback = await request(app).post(`${PV}/feedback`).set('Authorization', `Bearer ${await token({ aud: `${BASE}${PV}/feedback` })}`).send(fb);
    expect(feedback.status).toBe(200);
  });
});

describe('rejected tokens → 401 with a short reason', () => {
  const cases: Array<[string, () => Promise<string | undefined>, string]> = [
    ['no Authorization header', async () => undefined, 'missing-token'],
    ['a signature by another key', async () => token({ key: otherEcPrivate }), 'bad-signature'],
    ['expired', async () => token({ iat: NOW_S - 400, exp: NOW_S - 100 }), 'expired'],
    ['iat in the future', async () => token({ iat: NOW_S + 600, exp: NOW_S + 800 }), 'iat-in-future'],
    ['exp more than 5 minutes after iat', async () => token({ exp: NOW_S + 600 }), 'lifetime-too-long'],
    ['the wrong aud', async () => token({ aud: `${BASE}/cds-services/netcds-order-sign` }), 'wrong-audience'],
    ['an unknown iss', async () => token({ iss: 'https://intruder.example' }), 'unknown-issuer'],
    ['no jti', async () => token({ jti: null }), 'missing-claim'],
    ['the wrong tenant', async () => token({ tenant: 'hospital-b' }), 'wrong-tenant'],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISS_A, aud: `${BASE}${PV}`, iat: NOW_S, exp: NOW_S + 60, jti: 'x' })}.`, 'algorithm-not-allowed'],
    ['HS256 (HMAC)', async () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISS_A).setAudience(`${BASE}${PV}`).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 60).setJti('h').sign(new TextEncoder().encode('a-shared-secret-of-32-characters!')), 'algorithm-not-allowed'],
    ['garbage', async () => 'not.a.jwt', 'malformed-token'],
  ];
  test.each(cases)('%s', async (_name, make, reason) => {
    const res = await call(appWithAuth(), await make());
    expectErrorCode(res, 401, 'UNAUTHORIZED');
    expect(res.body.issue[0].details.text).toBe(reason);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  test('a replayed jti → 401 the second time', async () => {
    const app = appWithAuth();
    const t = await token({ jti: 'once-only' });
    expectCards(await call(app, t));
    const again = await call(app, t);
    expectErrorCode(again, 401, 'UNAUTHORIZED');
    expect(again.body.issue[0].details.text).toBe('replayed');
  });

  test('a jku not on the allowlist → 401 without fetching it', async () => {
    const evil = nock('https://attacker.example').get('/jwks.json').reply(200, { keys: [rotatedPublicJwk] });
    const res = await call(appWithAuth(), await token({ iss: ISS_B, key: rotatedPrivate, alg: 'RS384', kid: 'rsa-2', jku: 'https://attacker.example/jwks.json' }));
    expectErrorCode(res, 401, 'UNAUTHORIZED');
    expect(res.body.issue[0].details.text).toBe('jku-not-allowed');
    expect(evil.isDone()).toBe(false);
  });
});

describe('FHIR server allowlist', () => {
  test('a fhirServer not registered for the client → 412 and no request is made', async () => {
    const rogue = mockFhirServer('https://rogue.example/fhir', CHART);
    const res = await call(appWithAuth(), await token(), patientViewRequest(CHART, { prefetch: false, fhirServer: 'https://rogue.example/fhir', token: 'at-1' }));
    expectErrorCode(res, 412, 'FHIR_SERVER_NOT_ALLOWED');
    expect(rogue.requests).toHaveLength(0);
  });

  test('the registered fhirServer is called with the access token', async () => {
    const server = mockFhirServer(FHIR_BASE, CHART);
    expectCards(await call(appWithAuth(), await token(), patientViewRequest(CHART, { prefetch: false, fhirServer: FHIR_BASE, token: 'at-2' })));
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorization === 'Bearer at-2')).toBe(true);
  });

  test('a trailing slash does not matter', async () => {
    const jwks = nock('https://ehr-b.example').get('/.well-known/jwks.json').reply(200, { keys: [rsaPublicJwk] });
    const server = mockFhirServer('https://fhir.ehr-b.example/r4', CHART);
    expectCards(await call(appWithAuth(), await token({ iss: ISS_B, key: rsaPrivate, alg: 'RS384', kid: 'rsa-1' }), patientViewRequest(CHART, { prefetch: false, fhirServer: 'https://fhir.ehr-b.example/r4' })));
    expect(jwks.isDone() && server.requests.length > 0).toBe(true);
  });

  test('in production a http fhirServer is refused', async () => {
    const prod = testApp({ env: { PUBLIC_BASE_URL: BASE, NODE_ENV: 'production', NETCDS_CLIENTS: '/unused' }, auth: authenticator() });
    const res = await call(prod, await token(), patientViewRequest(CHART, { prefetch: false, fhirServer: 'http://ehr.example.org/fhir' }));
    expectErrorCode(res, 412, 'FHIR_SERVER_NOT_ALLOWED');
  });
});

describe('CORS', () => {
  test('an allowed origin gets the preflight answer without a token; others get no CORS headers', async () => {
    const app = appWithAuth({ CORS_ORIGINS: 'https://sandbox.cds-hooks.org' });
    const ok = await request(app).options(PV).set('Origin', 'https://sandbox.cds-hooks.org').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://sandbox.cds-hooks.org');
    expect(ok.headers['access-control-allow-headers']).toBe('Authorization,Content-Type');
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    const other = await request(app).options(PV).set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit', () => {
  test('per client, configurable: the call over the limit gets 429', async () => {
    const app = appWithAuth({ RATE_LIMIT_PER_MINUTE: '2' });
    expectCards(await call(app, await token()));
    expectCards(await call(app, await token()));
    expectErrorCode(await call(app, await token()), 429, 'RATE_LIMITED');
  });
});

describe('secrets stay out of the logs', () => {
  test('after authenticated calls with a FHIR token, neither the JWT nor the access token is logged', async () => {
    let logs = '';
    const stream = new Writable({ write: (chunk, _e, done) => ((logs += chunk.toString()), done()) });
    const app = testApp({ env: { PUBLIC_BASE_URL: BASE }, auth: authenticator(), logStream: stream });
    mockFhirServer(FHIR_BASE, CHART);
    const jwt = await token();
    await call(app, jwt, patientViewRequest(CHART, { prefetch: false, fhirServer: FHIR_BASE, token: 'super-secret-access-token' }));
    const bad = await token({ key: otherEcPrivate });
    await call(app, bad);
    expect(logs).toContain('"status":401');
    for (const secret of [jwt, jwt.split('.')[2]!, bad.split('.')[2]!, 'super-secret-access-token']) expect(logs).not.toContain(secret);
  });
});
