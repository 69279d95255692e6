import { describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { testApp, patientViewRequest, orderRequest } from '../fixtures/hooks.js';
import * as F from '../fixtures/fhir.js';

describe('smoke', () => {
  test('discovery', async () => {
    const res = await request(testApp()).get('/cds-services');
    expect(res.status).toBe(200);
    expect(res.body.services).toHaveLength(3);
  });
  test('patient view with a NET chart', async () => {
    const chart = [F.patient({ birthDate: '1960-05-01', gender: 'female' }), F.ileumNet(), F.liverMets(), F.ki67(12, '2026-09-01'), F.sstrPet('positive', '2026-09-10'), F.symptoms(true, '2026-10-01'), F.burden('high', '2026-10-01')];
    const res = await request(testApp()).post('/cds-services/netcds-patient-view').send(patientViewRequest(chart));
    console.log(JSON.stringify(res.body, null, 1).slice(0, 6000));
    expect(res.status).toBe(200);
  });
  test('order select lu177', async () => {
    const chart = [F.patient({ birthDate: '1960-05-01', gender: 'male' }), F.ileumNet(), F.liverMets(), F.ki67(5, '2025-09-01'), F.sstrPet('positive', '2026-09-10'), F.larDose('2026-11-10'), F.progression('2026-10-01'), F.crcl(45, '2026-11-20'), F.karnofsky(80, '2026-11-01'), ...F.cbc('2026-11-20')];
    const order = F.medicationRequest(F.LUTATHERA, { id: 'lu-1', status: 'draft', plannedDate: '2026-12-01', dose: F.qty(7.4, 'GBq') });
    const res = await request(testApp()).post('/cds-services/netcds-order-select').send(orderRequest('order-select', chart, [order]));
    console.log(res.body.cards?.map((c: any) => `${c.indicator} ${c.extension['org.netcds'].ruleId}: ${c.summary}`).join('\n') ?? JSON.stringify(res.body));
    expect(res.status).toBe(200);
  });
});
