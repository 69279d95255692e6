/** Resource hygiene and dates (issue #3). */
import { describe, expect, test } from '@jest/globals';
import * as F from '../fixtures/fhir.js';
import { factsOf } from '../support/map.js';

describe('resource hygiene', () => {
  test.each(['entered-in-error', 'cancelled', 'preliminary', 'registered'] as const)('a %s observation is ignored', (status) => {
    const facts = factsOf([F.observation({ code: F.cc(F.LOINC, '29593-1'), date: '2026-06-01', status, valueQuantity: F.qty(25, '%') }), F.ki67(4, '2026-01-01')]);
    expect(facts.ki67.value).toBe(4);
  });

  test.each(['amended', 'corrected', 'final'] as const)('a %s observation counts', (status) => {
    const facts = factsOf([F.observation({ code: F.cc(F.LOINC, '29593-1'), date: '2026-06-01', status, valueQuantity: F.qty(25, '%') })]);
    expect(facts.ki67.value).toBe(25);
  });

  test.each([
    ['active', undefined, 1],
    ['recurrence', undefined, 1],
    ['relapse', undefined, 1],
    [null, undefined, 1],
    ['resolved', undefined, 0],
    ['inactive', undefined, 0],
    ['remission', undefined, 0],
    ['active', 'refuted', 0],
    ['active', 'entered-in-error', 0],
    ['active', 'confirmed', 1],
  ] as const)('condition clinicalStatus %s, verification %s → %s GI NET', (clinicalStatus, verificationStatus, count) => {
    const c = F.condition({ code: F.cc(F.ICD10CM, 'C7A.012'), clinicalStatus, ...(verificationStatus ? { verificationStatus } : {}) });
    expect(factsOf([c]).giNet).toHaveLength(count);
  });

  test('latest by effective date, with period end and issued as fallbacks', () => {
    const byPeriod = { ...F.karnofsky(70, '2026-01-01'), effectiveDateTime: undefined, effectivePeriod: { start: '2026-10-01', end: '2026-11-05' } };
    const byIssued = { ...F.karnofsky(90, '2026-01-01'), effectiveDateTime: undefined, issued: '2026-10-10T08:00:00Z' };
    const facts = factsOf([F.karnofsky(60, '2026-10-20'), byPeriod as never, byIssued as never]);
    expect(facts.performance).toEqual(expect.objectContaining({ status: 'known', date: '2026-11-05', value: expect.objectContaining({ score: 70 }) }));
  });

  test('a result without a usable date is not used', () => {
    const undated = { ...F.ki67(30, '2026-01-01'), effectiveDateTime: undefined };
    expect(factsOf([undated as never]).ki67.status).toBe('missing');
  });

  test('malformed fields read as absent, never crash', () => {
    const weird = [
      { resourceType: 'Observation', status: 'final', code: 'not-a-concept', effectiveDateTime: 12 },
      { resourceType: 'Observation', status: 'final', code: { coding: 'x' }, valueQuantity: { value: 'ten' } },
      { resourceType: 'Condition', code: { coding: [{ system: 5, code: null }] }, clinicalStatus: 'active' },
      { resourceType: 'MedicationAdministration', status: 'completed', medicationCodeableConcept: { coding: [null] }, dosage: 'lots' },
      { resourceType: 'Patient', birthDate: 'yesterday', gender: 42 },
      null,
      'text',
    ];
    const facts = factsOf(weird as never);
    expect(facts.giNet).toEqual([]);
    expect(facts.age.status).toBe('unparseable');
  });
});

describe('freshness', () => {
  test('stale facts keep their value and are flagged, judged on the reference date', () => {
    const chart = [F.crcl(70, '2026-10-01'), F.karnofsky(80, '2026-07-01')];
    const today = factsOf(chart, { on: '2026-10-20' });
    expect(today.kidney.status).toBe('known');
    const later = factsOf(chart, { on: '2026-11-27' });
    expect(later.kidney).toEqual(expect.objectContaining({ status: 'stale', value: expect.objectContaining({ mlPerMin: 70 }), date: '2026-10-01' }));
    expect(later.performance.status).toBe('stale');
  });
});
