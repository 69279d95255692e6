/** Kidney, performance, blood counts, pregnancy (issue #3; clinical-facts.md §3–5). */
import { describe, expect, test } from '@jest/globals';
import { ctcaeGrade } from '../../src/fhir-mapping/ctcae.js';
import { performanceVerdict } from '../../src/fhir-mapping/derive/performance.js';
import * as F from '../fixtures/fhir.js';
import { factsOf } from '../support/map.js';

const man60 = F.patient({ birthDate: '1966-06-01', gender: 'male' }); // 60 on 2026-11-27
const woman60 = F.patient({ birthDate: '1966-06-01', gender: 'female' });

describe('creatinine clearance', () => {
  test('measured clearance in mL/s is converted to mL/min', () => {
    const facts = factsOf([F.crcl(1.2, '2026-11-20', 'mL/s')]);
    expect(facts.kidney).toEqual(expect.objectContaining({ status: 'known', value: { mlPerMin: 72, method: 'measured' }, unit: 'mL/min' }));
  });

  test('Cockcroft–Gault worked example: 60-year-old man, 70 kg, creatinine 1.0 mg/dL → 77.8 mL/min', () => {
    const facts = factsOf([man60, F.creatinine(1.0, '2026-11-20'), F.weight(70, '2026-11-01')]);
    expect(facts.kidney.status).toBe('known');
    expect(facts.kidney.status === 'known' && facts.kidney.value).toEqual({ mlPerMin: 77.8, method: 'cockcroft-gault' });
    expect(facts.kidney.status === 'known' && facts.kidney.method).toMatch(/Cockcroft–Gault from creatinine 1 mg\/dL on 2026-11-20, weight 70 kg on 2026-11-01, age 60, male/);
  });

  test('Cockcroft–Gault for a woman (×0.85) from creatinine in µmol/L (88.4 µmol/L = 1 mg/dL)', () => {
    const facts = factsOf([woman60, F.creatinine(88.4, '2026-11-20', 'umol/L'), F.weight(70, '2026-11-01')]);
    expect(facts.kidney.status === 'known' && facts.kidney.value.mlPerMin).toBe(66.1);
  });

  test('no weight within 90 days: Cockcroft–Gault is not computed', () => {
    const facts = factsOf([man60, F.creatinine(1.0, '2026-11-20'), F.weight(70, '2026-06-01')]);
    expect(facts.kidney.status).toBe('missing');
  });

  test('eGFR as a proxy, de-indexed by body surface area (Mosteller)', () => {
    const facts = factsOf([F.egfr(60, '2026-11-20'), F.weight(70, '2026-11-01'), F.height(170, '2025-01-01')]);
    // BSA = √(170 × 70 / 3600) = 1.818 m² → 60 × 1.818 / 1.73 = 63.1 mL/min
    expect(facts.kidney.status === 'known' && facts.kidney.value).toEqual({ mlPerMin: 63.1, method: 'egfr-proxy' });
  });

  test('eGFR without height and weight is used as it is, and says so', () => {
    const facts = factsOf([F.egfr(48, '2026-11-20')]);
    expect(facts.kidney.status === 'known' && facts.kidney.value).toEqual({ mlPerMin: 48, method: 'egfr-proxy' });
    expect(facts.kidney.status === 'known' && facts.kidney.method).toMatch(/not de-indexed/);
  });

  test('the newest value wins; another method across 50 within the window is kept', () => {
    const facts = factsOf([man60, F.crcl(62, '2026-11-22'), F.creatinine(1.8, '2026-11-10'), F.weight(70, '2026-11-01')]);
    expect(facts.kidney.status === 'known' && facts.kidney.value.mlPerMin).toBe(62);
    // CG: 80 × 70 / (72 × 1.8) = 43.2
    expect(facts.kidneyConflict).toEqual(expect.objectContaining({ value: { mlPerMin: 43.2, method: 'cockcroft-gault' }, date: '2026-11-10' }));
  });

  test('an unreadable creatinine clearance is unparseable', () => {
    const obs = F.observation({ code: F.cc(F.LOINC, '2164-2'), date: '2026-11-20', valueString: 'hemolysed' });
    expect(factsOf([obs]).kidney.status).toBe('unparseable');
  });

  test('results unavailable: the fact says so', () => {
    expect(factsOf([], { unavailable: ['observations'] }).kidney).toEqual({ status: 'missing', note: 'results could not be retrieved' });
  });
});

describe('performance status', () => {
  test.each([
    [0, 90, 100, 'pass'],
    [1, 70, 80, 'pass'],
    [2, 50, 60, 'indeterminate'],
    [3, 30, 40, 'fail'],
    [4, 10, 20, 'fail'],
  ])('ECOG %s → Karnofsky %s–%s (%s)', (score, min, max, verdict) => {
    const facts = factsOf([F.ecog(score, '2026-11-01')]);
    expect(facts.performance.status === 'known' && facts.performance.value).toEqual({ kpsMin: min, kpsMax: max, scale: 'ecog', score });
    expect(facts.performance.status === 'known' && performanceVerdict(facts.performance.value)).toBe(verdict);
  });

  test.each([
    [60, 'pass'],
    [50, 'fail'],
  ])('Karnofsky %s → %s (Karnofsky > 50 means ≥ 60)', (score, verdict) => {
    const facts = factsOf([F.karnofsky(score, '2026-11-01')]);
    expect(facts.performance.status === 'known' && performanceVerdict(facts.performance.value)).toBe(verdict);
  });

  test('coded ECOG answers (SNOMED) are read', () => {
    const obs = F.observation({ code: F.cc(F.LOINC, '89247-1'), date: '2026-11-01', valueCodeableConcept: F.cc(F.SNOMED, '423053003', 'ECOG Grade 3') });
    expect(factsOf([obs]).performance.status === 'known').toBe(true);
  });

  test('a Karnofsky that is not a multiple of 10 is unparseable', () => {
    expect(factsOf([F.karnofsky(55, '2026-11-01')]).performance.status).toBe('unparseable');
  });
});

describe('blood counts (CTCAE v5.0)', () => {
  test.each([
    ['platelets', 150, 0],
    ['platelets', 149, 1],
    ['platelets', 75, 1],
    ['platelets', 74.9, 2],
    ['platelets', 50, 2],
    ['platelets', 49.9, 3],
    ['platelets', 25, 3],
    ['platelets', 24.9, 4],
    ['hemoglobin', 10, 1],
    ['hemoglobin', 9.9, 2],
    ['hemoglobin', 8, 2],
    ['hemoglobin', 7.9, 3],
    ['neutrophils', 1.5, 1],
    ['neutrophils', 1.0, 2],
    ['neutrophils', 0.99, 3],
    ['neutrophils', 0.5, 3],
    ['neutrophils', 0.49, 4],
    ['leukocytes', 3.0, 1],
    ['leukocytes', 1.99, 3],
    ['lymphocytes', 0.8, 1],
    ['lymphocytes', 0.49, 3],
  ] as const)('%s %s → grade %s', (count, value, grade) => {
    expect(ctcaeGrade(count, value)).toBe(grade);
  });

  test.each([
    ['10*9/L', 150, 150],
    ['/mm3', 150000, 150],
    ['K/uL', 150, 150],
  ])('platelets in %s', (unit, value, expected) => {
    const facts = factsOf([F.platelets(value, '2026-11-20', unit)]);
    expect(facts.bloodCount.counts.platelets.status === 'known' && facts.bloodCount.counts.platelets.value.value).toBe(expected);
  });

  test.each([
    ['g/L', 95, 9.5],
    ['mmol/L', 6.2, 9.99],
  ])('haemoglobin in %s', (unit, value, expected) => {
    const facts = factsOf([F.hemoglobin(value, '2026-11-20', unit)]);
    const hb = facts.bloodCount.counts.hemoglobin;
    expect(hb.status === 'known' && hb.value.value).toBeCloseTo(expected, 1);
  });

  test('the lab’s lower limit of normal decides grade 0 vs 1', () => {
    const obs = F.observation({ code: F.cc(F.LOINC, '777-3'), date: '2026-11-20', valueQuantity: F.qty(140, '10*3/uL'), referenceLow: F.qty(130, '10*3/uL') });
    const p = factsOf([obs]).bloodCount.counts.platelets;
    expect(p.status === 'known' && p.value.ctcaeGrade).toBe(0);
  });

  test('a complete count is platelets + Hb + (ANC or WBC) from one date', () => {
    const complete = factsOf([F.platelets(200, '2026-11-20'), F.hemoglobin(12, '2026-11-20'), F.wbc(5, '2026-11-20')]);
    expect(complete.bloodCount.latestCompleteDate).toBe('2026-11-20');
    const incomplete = factsOf([F.platelets(200, '2026-11-20'), F.anc(3, '2026-11-20'), ...F.cbc('2026-10-01')]);
    expect(incomplete.bloodCount.latestCompleteDate).toBe('2026-10-01');
    expect(incomplete.bloodCount.missingFromLatest).toEqual(['hemoglobin']);
  });

  test('percentage differentials are not absolute counts', () => {
    const pct = F.observation({ code: F.cc(F.LOINC, '770-8'), date: '2026-11-20', valueQuantity: F.qty(60, '%') });
    expect(factsOf([pct]).bloodCount.counts.neutrophils.status).toBe('missing');
  });
});

describe('pregnancy and reproductive potential', () => {
  test('a woman aged 12–55 has reproductive potential unless documented otherwise', () => {
    expect(factsOf([F.patient({ birthDate: '1990-01-01', gender: 'female' })]).pregnancy.reproductivePotential).toBe(true);
    expect(factsOf([F.patient({ birthDate: '1960-01-01', gender: 'female' })]).pregnancy.reproductivePotential).toBe(false);
    expect(factsOf([F.patient({ birthDate: '1990-01-01', gender: 'male' })]).pregnancy.reproductivePotential).toBe(false);
    expect(factsOf([F.patient({ gender: 'female' })]).pregnancy.reproductivePotential).toBe('unknown');
    const documented = F.assessment('reproductive-potential', '2026-01-01', { valueBoolean: false });
    expect(factsOf([F.patient({ birthDate: '1990-01-01', gender: 'female' }), documented]).pregnancy.reproductivePotential).toBe(false);
  });

  test('pregnancy status, hCG and freshness', () => {
    expect(factsOf([F.pregnancyStatus(false, '2026-11-20')]).pregnancy.status).toEqual(expect.objectContaining({ status: 'known', value: 'not-pregnant' }));
    expect(factsOf([F.pregnancyStatus(false, '2026-09-01')]).pregnancy.status.status).toBe('stale');
    const hcg = F.observation({ code: F.cc(F.LOINC, '2106-3'), date: '2026-11-25', interpretation: 'POS' });
    expect(factsOf([hcg]).pregnancy.status).toEqual(expect.objectContaining({ status: 'known', value: 'pregnant' }));
    const quant = F.observation({ code: F.cc(F.LOINC, '21198-7'), date: '2026-11-25', valueQuantity: F.qty(2, 'm[IU]/mL') });
    expect(factsOf([quant]).pregnancy.status).toEqual(expect.objectContaining({ status: 'known', value: 'not-pregnant' }));
  });
});
