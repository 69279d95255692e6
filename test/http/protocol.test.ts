/**
 * CDS Hooks protocol over HTTP (issue #2): discovery, invocation, validation errors, prefetch
 * resolution, FHIR fallback and its failures, feedback, and the public example requests.
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import request from 'supertest';
import { PREFETCH_KEYS } from '../../src/hooks/prefetch-templates.js';
import * as F from '../fixtures/fhir.js';
import { FHIR_BASE, orderRequest, patientViewRequest, prefetchFor, testApp } from '../fixtures/hooks.js';
import { expectCards, expectErrorCode, ruleIds } from '../support/assertions.js';
import { mockFhirServer } from '../support/fhir-server.js';

const app = testApp();
const PV = '/cds-services/netcds-patient-view';
const NET_CHART = [
  F.patient({ birthDate: '1958-04-02', gender: 'male' }),
  F.ileumNet(),
  F.liverMets(),
  F.ki67(4, '2026-06-01'),
  F.sstrPet('positive', '2026-06-10'),
  F.symptoms(true, '2026-06-15'),
];

function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/cds-hooks-examples/${name}`, import.meta.url), 'utf8'));
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect('127.0.0.1');
});

describe('discovery', () => {
  test('lists the three services with id, hook, title, description and prefetch', async () => {
    const res = await request(app).get('/cds-services');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.services.map((s: { hook: string }) => s.hook)).toEqual(['patient-view', 'order-select', 'order-sign']);
    for (const s of res.body.services) {
      expect(s).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), description: expect.any(String) }));
      expect(Object.keys(s.prefetch).sort()).toEqual([...PREFETCH_KEYS].sort());
    }
  });

  test('prefetch templates use only the patientId token and simple searches', async () => {
    const res = await request(app).get('/cds-services');
    for (const template of Object.values(res.body.services[0].prefetch) as string[]) {
      const tokens = template.match(/\{\{[^}]*\}\}/g) ?? [];
      expect(tokens.every((t) => t === '{{context.patientId}}')).toBe(true);
      expect(template).not.toMatch(/draftOrders|selections|_include|_revinclude|_has|\.[a-z]+=/);
      const params = (template.split('?')[1] ?? '').split('&').filter(Boolean).map((p) => p.split('=')[0]!);
      for (const name of params) expect(['patient', 'code', 'category', 'status', '_count', '_sort']).toContain(name);
    }
  });
});

describe('invocation errors', () => {
  test('unknown service → 404', async () => {
    expectErrorCode(await request(app).post('/cds-services/nope').send(patientViewRequest(NET_CHART)), 404, 'UNKNOWN_SERVICE');
  });

  test('malformed JSON → 400 INVALID_JSON', async () => {
    const res = await request(app).post(PV).set('Content-Type', 'application/json').send('{"hook": "patient-view",');
    expectErrorCode(res, 400, 'INVALID_JSON');
  });

  test('a hook other than the service’s → 400 naming hook', async () => {
    const res = await request(app).post(PV).send({ ...patientViewRequest(NET_CHART), hook: 'order-sign' });
    expectErrorCode(res, 400, 'INVALID_HOOK_REQUEST');
    expect(res.body.issue[0].expression).toEqual(['hook']);
  });

  test('missing context.patientId and a numeric hookInstance → 400 listing both', async () => {
    const body = patientViewRequest(NET_CHART) as Record<string, unknown>;
    const res = await request(app)
      .post(PV)
      .send({ ...body, hookInstance: 42, context: { userId: 'Practitioner/1' } });
    expectErrorCode(res, 400, 'INVALID_HOOK_REQUEST');
    const paths = res.body.issue.flatMap((i: { expression: string[] }) => i.expression);
    expect(paths).toEqual(expect.arrayContaining(['hookInstance', 'context.patientId']));
  });

  test('fhirAuthorization without fhirServer → 400', async () => {
    const res = await request(app).post(PV).send(patientViewRequest(NET_CHART, { token: 'abc' }));
    expectErrorCode(res, 400, 'INVALID_HOOK_REQUEST');
    expect(res.body.issue[0].expression).toEqual(['fhirServer']);
  });

  test('a prefetch value that is not a resource → 400 naming the key', async () => {
    const body = patientViewRequest(NET_CHART);
    const res = await request(app).post(PV).send({ ...body, prefetch: { ...body.prefetch, labs: 'oops' } });
    expectErrorCode(res, 400, 'INVALID_HOOK_REQUEST');
    expect(res.body.issue[0].expression).toEqual(['prefetch.labs']);
  });

  test('a body that is not JSON → 415', async () => {
    expectErrorCode(await request(app).post(PV).set('Content-Type', 'text/plain').send('hello'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('a body over BODY_LIMIT → 413', async () => {
    const small = testApp({ env: { BODY_LIMIT: '2kb' } });
    expectErrorCode(await request(small).post(PV).send(patientViewRequest(NET_CHART)), 413, 'BODY_TOO_LARGE');
  });

  test('no prefetch and no fhirServer → 412 naming the missing required data', async () => {
    const res = await request(app).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false }));
    expectErrorCode(res, 412, 'FHIR_DATA_UNAVAILABLE');
    const paths = res.body.issue.flatMap((i: { expression: string[] }) => i.expression);
    expect(paths.sort()).toEqual(['prefetch.conditions', 'prefetch.patient']);
  });

  test('unknown routes → 404 JSON', async () => {
    expectErrorCode(await request(app).get('/nothing-here'), 404, 'NOT_FOUND');
  });
});

describe('prefetch', () => {
  test('full prefetch: cards, no FHIR call', async () => {
    const cards = expectCards(await request(app).post(PV).send(patientViewRequest(NET_CHART)));
    expect(ruleIds(cards)).toContain('initial.ssa');
  });

  test('every key null: no data, no cards', async () => {
    const prefetch = Object.fromEntries(PREFETCH_KEYS.map((k) => [k, null]));
    const cards = expectCards(await request(app).post(PV).send({ ...patientViewRequest([]), prefetch }));
    expect(cards).toEqual([]);
  });

  test('partial prefetch: the missing keys are fetched from fhirServer with the bearer token', async () => {
    const server = mockFhirServer(FHIR_BASE, NET_CHART);
    const full = prefetchFor(NET_CHART);
    const body = { ...patientViewRequest(NET_CHART, { fhirServer: FHIR_BASE, token: 'tok-123' }), prefetch: { patient: full.patient, conditions: full.conditions } };
    const cards = expectCards(await request(app).post(PV).send(body));
    expect(ruleIds(cards)).toContain('initial.ssa');
    expect(server.requests.some((r) => r.path.startsWith('/Patient') || r.path.startsWith('/Condition'))).toBe(false);
    expect(server.requests.length).toBe(PREFETCH_KEYS.length - 2);
    expect(server.requests.every((r) => r.authorization === 'Bearer tok-123')).toBe(true);
  });

  test('a key holding an OperationOutcome is fetched from fhirServer', async () => {
    const server = mockFhirServer(FHIR_BASE, NET_CHART);
    const full = prefetchFor(NET_CHART);
    const body = { ...patientViewRequest(NET_CHART, { fhirServer: FHIR_BASE }), prefetch: { ...full, pathology: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] } } };
    const cards = expectCards(await request(app).post(PV).send(body));
    expect(server.requests.map((r) => r.path)).toEqual([expect.stringMatching(/^\/Observation\?patient=pat-1&code=.*29593-1/)]);
    expect(ruleIds(cards)).not.toContain('data.grade-missing');
  });

  test('optional data missing and no fhirServer: answered, with the gap shown as unknown', async () => {
    const full = prefetchFor(NET_CHART);
    const body = { ...patientViewRequest(NET_CHART), prefetch: { patient: full.patient, conditions: full.conditions } };
    const cards = expectCards(await request(app).post(PV).send(body));
    const grade = cards.find((c) => c.extension['org.netcds'].ruleId === 'data.grade-missing');
    expect(grade?.extension['org.netcds'].facts?.[0]).toEqual(expect.objectContaining({ name: 'Ki-67', status: 'missing', value: 'results could not be retrieved' }));
  });
});

describe('FHIR server fallback', () => {
  test('no prefetch: every query carries the bearer token and the cards match the prefetch answer', async () => {
    const server = mockFhirServer(FHIR_BASE, NET_CHART);
    const viaServer = expectCards(await request(app).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false, fhirServer: FHIR_BASE, token: 'secret-token' })));
    const viaPrefetch = expectCards(await request(app).post(PV).send(patientViewRequest(NET_CHART)));
    expect(server.requests).toHaveLength(PREFETCH_KEYS.length);
    expect(server.requests.every((r) => r.authorization === 'Bearer secret-token')).toBe(true);
    expect(ruleIds(viaServer)).toEqual(ruleIds(viaPrefetch));
  });

  test('the server fails the Condition query (HTTP 500) → 412', async () => {
    mockFhirServer(FHIR_BASE, NET_CHART, { fail: (p) => (p.startsWith('/Condition') ? 500 : undefined) });
    const res = await request(app).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false, fhirServer: FHIR_BASE }));
    expectErrorCode(res, 412, 'FHIR_DATA_UNAVAILABLE');
    expect(res.body.issue[0].expression).toEqual(['prefetch.conditions']);
    expect(res.body.issue[0].details.text).toMatch(/HTTP 500/);
  });

  test('the server fails an optional query → 200 with that data unknown', async () => {
    mockFhirServer(FHIR_BASE, NET_CHART, { fail: (p) => (p.includes('29593-1') ? 503 : undefined) });
    const cards = expectCards(await request(app).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false, fhirServer: FHIR_BASE })));
    expect(ruleIds(cards)).toContain('data.grade-missing');
  });

  test('the server answers garbage for the Patient → 412 naming it', async () => {
    mockFhirServer(FHIR_BASE, NET_CHART, { fail: (p) => (p.startsWith('/Patient') ? 'garbage' : undefined) });
    const res = await request(app).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false, fhirServer: FHIR_BASE }));
    expectErrorCode(res, 412, 'FHIR_DATA_UNAVAILABLE');
    expect(res.body.issue[0].details.text).toMatch(/not valid JSON|not a FHIR resource/);
  });

  test('a slow server → 412 within the timeout, not a hang', async () => {
    const fast = testApp({ env: { FHIR_TIMEOUT_MS: '150' } });
    mockFhirServer(FHIR_BASE, NET_CHART, { delayMs: 800 });
    const started = Date.now();
    const res = await request(fast).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false, fhirServer: FHIR_BASE }));
    expectErrorCode(res, 412, 'FHIR_DATA_UNAVAILABLE');
    expect(res.body.issue[0].details.text).toMatch(/no answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('connection refused → 412', async () => {
    nock.enableNetConnect('127.0.0.1');
    const res = await request(app).post(PV).send(patientViewRequest(NET_CHART, { prefetch: false, fhirServer: 'http://127.0.0.1:9/fhir' }));
    expectErrorCode(res, 412, 'FHIR_DATA_UNAVAILABLE');
    expect(res.body.issue[0].details.text).toMatch(/could not be reached/);
  });

  test('paged search results are followed through their next links', async () => {
    const many = Array.from({ length: 7 }, (_, i) => F.ileumNet('2024-01-10', `c${i}`));
    const server = mockFhirServer(FHIR_BASE, [...NET_CHART, ...many]);
    const body = patientViewRequest(NET_CHART, { fhirServer: FHIR_BASE });
    const first = prefetchFor([...NET_CHART, ...many]);
    // The client sends the first page of 3 conditions with a next link to the server.
    const page = { ...(first.conditions as Record<string, unknown>), entry: (first.conditions as { entry: unknown[] }).entry.slice(0, 3), link: [{ relation: 'next', url: `${FHIR_BASE}/Condition?patient=pat-1&_count=3&_offset=3` }] };
    const cards = expectCards(await request(app).post(PV).send({ ...body, prefetch: { ...body.prefetch, conditions: page } }));
    expect(server.requests.map((r) => r.path)).toEqual(['/Condition?patient=pat-1&_count=3&_offset=3', '/Condition?patient=pat-1&_count=3&_offset=6']);
    expect(ruleIds(cards)).toContain('initial.ssa');
  });

  test('a paging link to another origin is not followed', async () => {
    const server = mockFhirServer(FHIR_BASE, NET_CHART);
    const evil = nock('https://evil.example').get(/.*/).reply(200, {});
    const body = patientViewRequest(NET_CHART, { fhirServer: FHIR_BASE });
    const conditions = { ...(body.prefetch!.conditions as Record<string, unknown>), link: [{ relation: 'next', url: 'https://evil.example/steal' }] };
    const res = await request(app).post(PV).send({ ...body, prefetch: { ...body.prefetch, conditions } });
    expectErrorCode(res, 412, 'FHIR_DATA_UNAVAILABLE');
    expect(evil.isDone()).toBe(false);
    expect(server.requests).toHaveLength(0);
  });
});

describe('public example requests', () => {
  test('the Inferno order-select and order-sign requests are accepted (no NET order: no cards, no FHIR call)', async () => {
    for (const [file, id] of [['order_select_hook_request.json', 'netcds-order-select'], ['order_sign_hook_request.json', 'netcds-order-sign']] as const) {
      const cards = expectCards(await request(app).post(`/cds-services/${id}`).send(example(file)));
      expect(cards).toEqual([]);
    }
  });

  test('the warfarin request without context.userId → 400 naming it', async () => {
    const res = await request(app).post('/cds-services/netcds-order-sign').send(example('HookRequest-warfarin-nsaids-order-sign.json'));
    expectErrorCode(res, 400, 'INVALID_HOOK_REQUEST');
    expect(res.body.issue.flatMap((i: { expression: string[] }) => i.expression)).toContain('context.userId');
  });

  test('order-select: a selection that is not in draftOrders → 400', async () => {
    const body = orderRequest('order-select', NET_CHART, [F.medicationRequest(F.LUTATHERA, { id: 'lu-1', status: 'draft' })], { selections: ['MedicationRequest/other'] });
    const res = await request(app).post('/cds-services/netcds-order-select').send(body);
    expectErrorCode(res, 400, 'INVALID_HOOK_REQUEST');
    expect(res.body.issue[0].expression).toEqual(['context.selections.0']);
  });

  test('draftOrders without Bundle.type is accepted', async () => {
    const body = orderRequest('order-sign', NET_CHART, [F.medicationRequest(F.LUTATHERA, { id: 'lu-1', status: 'draft' })]);
    delete (body.context.draftOrders as { type?: string }).type;
    expect(expectCards(await request(app).post('/cds-services/netcds-order-sign').send(body)).length).toBeGreaterThan(0);
  });
});

describe('feedback and health', () => {
  const entry = { card: '5f1b3c2a-7d7e-4c2f-9a43-0b1a2b3c4d5e', outcome: 'overridden', overrideReason: { reason: { system: 'https://netcds.org/fhir/CodeSystem/override-reason', code: 'tumour-board', display: 'Tumour board decision' }, userComment: 'discussed' }, outcomeTimestamp: '2026-11-27T10:00:00Z' };

  test('valid feedback → 200', async () => {
    const res = await request(app).post('/cds-services/netcds-order-sign/feedback').send({ feedback: [entry] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1 });
  });

  test('malformed feedback → 400 naming the field', async () => {
    const res = await request(app).post('/cds-services/netcds-order-sign/feedback').send({ feedback: [{ ...entry, outcome: 'ignored', outcomeTimestamp: 'yesterday' }] });
    expectErrorCode(res, 400, 'INVALID_FEEDBACK');
    const paths = res.body.issue.flatMap((i: { expression: string[] }) => i.expression);
    expect(paths).toEqual(expect.arrayContaining(['feedback.0.outcome', 'feedback.0.outcomeTimestamp']));
  });

  test('feedback for an unknown service → 404', async () => {
    expectErrorCode(await request(app).post('/cds-services/nope/feedback').send({ feedback: [entry] }), 404, 'UNKNOWN_SERVICE');
  });

  test('healthz', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
