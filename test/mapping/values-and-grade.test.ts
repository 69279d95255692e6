/** Ki-67, mitoses, grade and G2 band (issue #3; rules.md §2; clinical-facts.md §1). */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { gradeOfKi67, gradeOfMitoses } from '../../src/fhir-mapping/derive/grade.js';
import { parsePercentText, UNPARSEABLE } from '../../src/fhir-mapping/values.js';
import * as F from '../fixtures/fhir.js';
import { factsOf } from '../support/map.js';

describe('Ki-67 value forms', () => {
  test.each([
    ['percent quantity', F.ki67(12, '2026-01-01'), 12],
    ['fraction with unit 1', F.ki67(0.12, '2026-01-01', '1'), 12],
    ['fraction with unit {ratio}', F.ki67(0.05, '2026-01-01', '{ratio}'), 5],
    ['text "12%"', F.ki67('12%', '2026-01-01'), 12],
    ['text "<2%"', F.ki67('<2%', '2026-01-01'), 2],
    ['text "15-20 %" (upper bound)', F.ki67('15-20 %', '2026-01-01'), 20],
    ['text "2,5 %"', F.ki67('2,5 %', '2026-01-01'), 2.5],
    ['text "8 percent"', F.ki67('8 percent', '2026-01-01'), 8],
  ])('%s', (_name, obs, value) => {
    expect(factsOf([obs]).ki67).toEqual(expect.objectContaining({ status: 'known', value, unit: '%', date: '2026-01-01' }));
  });

  test.each([
    ['text "high"', F.ki67('high', '2026-01-01')],
    ['bare 0.12 without unit (fraction or percent?)', F.observation({ code: F.cc(F.LOINC, '29593-1'), date: '2026-01-01', valueQuantity: { value: 0.12 } })],
    ['fraction unit with a value above 1', F.ki67(12, '2026-01-01', '1')],
    ['above 100 %', F.ki67(140, '2026-01-01')],
    ['unknown unit', F.ki67(12, '2026-01-01', 'mg')],
  ])('%s is unparseable, never zero', (_name, obs) => {
    const facts = factsOf([obs]);
    expect(facts.ki67.status).toBe('unparseable');
    expect(facts.grade.status).not.toBe('known');
  });

  test('the reference of an unparseable value is kept for the card', () => {
    const facts = factsOf([F.ki67('pending', '2026-01-01', '%', 'ki-x')]);
    expect(facts.ki67).toEqual(expect.objectContaining({ status: 'unparseable', raw: 'pending', reference: 'Observation/ki-x' }));
  });

  test('percent text parser: any result is within 0–100, ranges take the upper bound', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const r = parsePercentText(text);
        return r === UNPARSEABLE || (r !== undefined && r.value >= 0 && r.value <= 100 && Number.isFinite(r.value));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 100 }), (a, b) => {
        const [low, high] = [Math.min(a, b), Math.max(a, b)];
        const r = parsePercentText(`${low}-${high} %`);
        return r !== UNPARSEABLE && r !== undefined && r.value === high;
      }),
    );
  });
});

describe('which Ki-67 counts', () => {
  test('the highest within 12 months of the latest; a lower discordant value is kept', () => {
    const facts = factsOf([F.ki67(8, '2026-06-01', '%', 'a'), F.ki67(14, '2025-09-01', '%', 'b'), F.ki67(25, '2024-01-01', '%', 'c')]);
    expect(facts.ki67).toEqual(expect.objectContaining({ value: 14, reference: 'Observation/b' }));
    expect(facts.ki67Discordant).toEqual(expect.objectContaining({ value: 8, reference: 'Observation/a' }));
    expect(facts.grade.value).toBe('G2');
    expect(facts.g2Band.value).toBe('higher');
  });

  test('values since the latest progression count even when older than 12 months', () => {
    const facts = factsOf([F.ki67(6, '2026-06-01'), F.ki67(11, '2025-03-01'), F.progression('2025-01-15')]);
    expect(facts.ki67.value).toBe(11);
  });

  test('an older value before the window does not count', () => {
    expect(factsOf([F.ki67(6, '2026-06-01'), F.ki67(11, '2025-03-01')]).ki67.value).toBe(6);
  });

  test('a newest unreadable Ki-67 is not replaced by an older one', () => {
    expect(factsOf([F.ki67('see report', '2026-06-01'), F.ki67(4, '2025-12-01')]).ki67.status).toBe('unparseable');
  });
});

describe('WHO grade edges', () => {
  test.each([
    [2.9, 'G1'],
    [3, 'G2'],
    [9.9, 'G2'],
    [20, 'G2'],
    [20.1, 'G3'],
  ])('Ki-67 %s %% → %s', (value, grade) => {
    expect(gradeOfKi67({ value })).toBe(grade);
    expect(factsOf([F.ki67(value, '2026-01-01')]).grade.value).toBe(grade);
  });

  test.each([
    [{ value: 3, comparator: '<' as const }, 'G1'],
    [{ value: 20, comparator: '>' as const }, 'G3'],
    [{ value: 5, comparator: '>' as const }, undefined],
  ])('Ki-67 %j → %s', (v, grade) => {
    expect(gradeOfKi67(v)).toBe(grade);
  });

  test.each([
    [1, 'G1'],
    [2, 'G2'],
    [20, 'G2'],
    [21, 'G3'],
  ])('%s mitoses/2 mm² → %s', (count, grade) => {
    expect(gradeOfMitoses(count)).toBe(grade);
  });

  test('the higher index wins; the G2 band is unknown when G2 came from mitoses', () => {
    const facts = factsOf([F.ki67(2, '2026-01-01'), F.mitoses(5, '2026-01-01')]);
    expect(facts.grade).toEqual(expect.objectContaining({ value: 'G2', basis: 'mitoses' }));
    expect(facts.g2Band.status).toBe('missing');
  });

  test('G3 by mitoses over a G2 Ki-67', () => {
    expect(factsOf([F.ki67(12, '2026-01-01'), F.mitoses(25, '2026-01-01')]).grade.value).toBe('G3');
  });

  test.each([
    [9.9, 'lower'],
    [10, 'higher'],
    [20, 'higher'],
    [3, 'lower'],
  ])('G2 band: Ki-67 %s %% → %s', (value, band) => {
    expect(factsOf([F.ki67(value, '2026-01-01')]).g2Band.value).toBe(band);
  });

  test('a coded histologic grade (mCODE) is read', () => {
    const obs = F.observation({ code: F.cc('http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl', 'C18000'), date: '2026-01-01', valueCodeableConcept: F.cc(F.SNOMED, '1286893008', 'Intermediate histologic grade') });
    const facts = factsOf([obs]);
    expect(facts.codedGrade.value).toBe('G2');
    expect(facts.grade).toEqual(expect.objectContaining({ value: 'G2', basis: 'coded' }));
  });

  test('no Ki-67, mitoses or coded grade → grade missing', () => {
    expect(factsOf([F.ileumNet()]).grade.status).toBe('missing');
  });
});
