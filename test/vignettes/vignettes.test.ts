/**
 * Runs every patient vignette (test/vignettes/*.json) through the HTTP service twice — with
 * full prefetch and through the FHIR-server fallback — and checks the cards (issue #4, #5).
 */
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import nock from 'nock';
import request from 'supertest';
import { projectPath } from '../../src/project-root.js';
import { FHIR_BASE, orderRequest, patientViewRequest, testApp } from '../fixtures/hooks.js';
import { expectCards, ruleIds } from '../support/assertions.js';
import { mockFhirServer } from '../support/fhir-server.js';
import { VIGNETTES, type ExpectedCard } from './cases.js';

const DIR = dirname(fileURLToPath(import.meta.url));
const DEMO_DIR = projectPath('demo', 'patients');

interface VignetteFile {
  id: string;
  title: string;
  description: string;
  hook: 'patient-view' | 'order-select' | 'order-sign';
  chart: Bundle;
  draftOrders?: Bundle;
  expected: ExpectedCard[];
}

const bundle = (resources: FhirResource[]): Bundle => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });

/** The chart with the patient renamed to `patientId` and every resource id prefixed by it. */
function ownIds(resources: FhirResource[], patientId: string): FhirResource[] {
  return resources.map((r) => {
    const text = JSON.stringify(r).replaceAll('"Patient/pat-1"', `"Patient/${patientId}"`);
    const copy = JSON.parse(text) as FhirResource;
    copy.id = r.resourceType === 'Patient' ? patientId : `${patientId}-${r.id}`;
    return copy;
  });
}

function serialise(): Map<string, string> {
  const files = new Map<string, string>();
  for (const v of VIGNETTES) {
    const file: VignetteFile = {
      id: v.id,
      title: v.title,
      description: v.description,
      hook: v.hook,
      chart: bundle(v.chart),
      ...(v.draftOrders ? { draftOrders: bundle(v.draftOrders) } : {}),
      expected: v.expected,
    };
    files.set(join(DIR, `${v.id}.json`), JSON.stringify(file, null, 2) + '\n');
    if (v.demo) {
      // Demo patients share one FHIR endpoint: each gets its own patient id and resource ids.
      const own = (resources: FhirResource[]) => ownIds(resources, v.id);
      const demo = { ...bundle(own(v.chart)), id: v.id, meta: { tag: [{ system: 'https://netcds.org/demo', code: 'synthetic', display: 'Synthetic demo patient — no real data' }] } };
      files.set(join(DEMO_DIR, `${v.id}.json`), JSON.stringify({ title: v.title, description: v.description, hook: v.hook, anchorDate: '2026-11-27', ...(v.draftOrders ? { draftOrders: bundle(own(v.draftOrders)) } : {}), bundle: demo }, null, 2) + '\n');
    }
  }
  return files;
}

if (process.env.UPDATE_VIGNETTES === '1') {
  mkdirSync(DEMO_DIR, { recursive: true });
  for (const [path, text] of serialise()) writeFileSync(path, text);
}

const app = testApp();
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const vignettes = files.map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as VignetteFile);
const resources = (b?: Bundle) => (b?.entry ?? []).map((e) => e.resource!) as FhirResource[];

function call(v: VignetteFile, mode: 'prefetch' | 'fallback') {
  const chart = resources(v.chart);
  const o = mode === 'prefetch' ? {} : { prefetch: false, fhirServer: FHIR_BASE, token: 'vignette-token' };
  const body = v.hook === 'patient-view' ? patientViewRequest(chart, o) : orderRequest(v.hook, chart, resources(v.draftOrders), o);
  const id = { 'patient-view': 'netcds-patient-view', 'order-select': 'netcds-order-select', 'order-sign': 'netcds-order-sign' }[v.hook];
  return request(app).post(`/cds-services/${id}`).send(body);
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

describe('vignette files', () => {
  test('the JSON files are the cases (run with UPDATE_VIGNETTES=1 after changing cases.ts)', () => {
    for (const [path, text] of serialise()) expect({ path, text: readFileSync(path, 'utf8') }).toEqual({ path, text });
  });
});

describe.each(vignettes.map((v) => [v.id, v] as const))('vignette %s', (_id, v) => {
  test(`${v.title}: with prefetch`, async () => {
    const cards = expectCards(await call(v, 'prefetch'));
    expect(cards.map((c) => ({ ruleId: c.extension['org.netcds'].ruleId, indicator: c.indicator }))).toEqual(v.expected.map((e) => ({ ruleId: e.ruleId, indicator: e.indicator })));
    v.expected.forEach((e, i) => {
      for (const s of e.summaryIncludes ?? []) expect(cards[i]!.summary).toContain(s);
    });
  });

  test(`${v.title}: through the FHIR server fallback`, async () => {
    const server = mockFhirServer(FHIR_BASE, resources(v.chart));
    const viaFallback = expectCards(await call(v, 'fallback'));
    const viaPrefetch = expectCards(await call(v, 'prefetch'));
    expect(ruleIds(viaFallback)).toEqual(ruleIds(viaPrefetch));
    expect(viaFallback.map((c) => c.summary)).toEqual(viaPrefetch.map((c) => c.summary));
    if (v.expected.length > 0 || v.hook === 'patient-view') expect(server.requests.every((r) => r.authorization === 'Bearer vignette-token')).toBe(true);
  });
});
