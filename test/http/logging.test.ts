/** Logs never carry an access token, a JWT, prefetch contents or a patient identifier (issue #2). */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import nock from 'nock';
import request from 'supertest';
import * as F from '../fixtures/fhir.js';
import { FHIR_BASE, orderRequest, patientViewRequest, testApp } from '../fixtures/hooks.js';
import { mockFhirServer } from '../support/fhir-server.js';

const TOKEN = 'access-token-7f3a9c1e';
const PATIENT_NAME = 'Zebediah';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.cleanAll());

describe('logging', () => {
  test('a full run of calls leaves no token, patient id or chart content in the logs', async () => {
    const logs = new Capture();
    const app = testApp({ logStream: logs });
    const chart = [{ ...F.patient({ birthDate: '1958-04-02', gender: 'male' }), name: [{ given: [PATIENT_NAME] }] }, F.ileumNet(), F.liverMets(), F.ki67(4, '2026-06-01')];
    mockFhirServer(FHIR_BASE, chart as never, { fail: (p) => (p.includes('MedicationStatement') ? 500 : undefined) });
    await request(app).post('/cds-services/netcds-patient-view').send(patientViewRequest(chart as never, { prefetch: false, fhirServer: FHIR_BASE, token: TOKEN }));
    await request(app).post('/cds-services/netcds-patient-view').send(patientViewRequest(chart as never));
    const order = F.medicationRequest(F.LUTATHERA, { id: 'lu-1', status: 'draft' });
    await request(app).post('/cds-services/netcds-order-sign').send(orderRequest('order-sign', chart as never, [order], { prefetch: false, fhirServer: FHIR_BASE, token: TOKEN }));
    await request(app).post('/cds-services/netcds-patient-view').set('Content-Type', 'application/json').send(`{"fhirAuthorization":{"access_token":"${TOKEN}"`);
    await request(app).post('/cds-services/netcds-patient-view').set('Authorization', `Bearer ${TOKEN}`).send({ hook: 'patient-view', context: { patientId: F.PATIENT_ID } });

    expect(logs.text.length).toBeGreaterThan(0);
    expect(logs.text).toContain('"route":"/cds-services/:id"');
    for (const secret of [TOKEN, F.PATIENT_ID, PATIENT_NAME, 'Malignant carcinoid', '1958-04-02']) expect(logs.text).not.toContain(secret);
  });
});
