/** Demo routes (issue #9): on in local development, absent in production. */
import { describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { testApp } from '../fixtures/hooks.js';
import { expectErrorCode } from '../support/assertions.js';

describe('demo routes', () => {
  test('local development: the page, the patients and the read-only FHIR endpoint', async () => {
    const app = testApp({ env: { DEMO_MODE: 'true' } });
    const page = await request(app).get('/demo');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="patient">Patient</label>');
    const patients = await request(app).get('/demo/api/patients');
    expect(patients.body.patients.length).toBeGreaterThanOrEqual(8);
    const bundle = await request(app).get('/demo/fhir/Condition?patient=sstr-negative');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(bundle.body.entry.length).toBeGreaterThan(0);
    expect((await request(app).post('/demo/fhir/Patient').send({})).status).toBe(404);
  });

  test('production: no demo routes', async () => {
    const app = testApp({ env: { NODE_ENV: 'production', NETCDS_CLIENTS: '/unused', DEMO_MODE: 'true' } });
    for (const path of ['/demo', '/demo/api/patients', '/demo/fhir/Patient/surveillance', '/demo/assets/app.js']) {
      expectErrorCode(await request(app).get(path), 404, 'NOT_FOUND');
    }
  });
});
