/** Disease state and treatment history (issue #3; rules.md §2). */
import { describe, expect, test } from '@jest/globals';
import * as F from '../fixtures/fhir.js';
import { factsOf } from '../support/map.js';

describe('functional, symptomatic, advanced', () => {
  test.each([
    ['carcinoid syndrome Condition', [F.carcinoidSyndrome()], true],
    ['legacy E34.0', [F.carcinoidSyndrome('E34.0')], true],
    ['assessment true', [F.functional(true, '2026-01-01')], true],
    ['assessment false', [F.functional(false, '2026-01-01')], false],
    ['nothing', [], undefined],
  ])('functional: %s → %s', (_n, resources, expected) => {
    const f = factsOf(resources as never).functional;
    expect(f.status === 'known' ? f.value : undefined).toBe(expected);
  });

  test.each([
    ['functional implies symptomatic', [F.carcinoidSyndrome()], true],
    ['symptoms documented', [F.symptoms(true, '2026-01-01')], true],
    ['symptoms absent, not functional', [F.symptoms(false, '2026-01-01'), F.functional(false, '2026-01-01')], false],
    ['symptoms absent but functional', [F.symptoms(false, '2026-01-01'), F.carcinoidSyndrome()], true],
    ['nothing documented', [], undefined],
  ])('symptomatic: %s → %s', (_n, resources, expected) => {
    const f = factsOf(resources as never).symptomatic;
    expect(f.status === 'known' ? f.value : undefined).toBe(expected);
  });

  test('advanced: a metastasis, M1 staging, or a burden assessment; otherwise unknown', () => {
    expect(factsOf([F.ileumNet(), F.liverMets()]).advanced.status).toBe('known');
    const m1 = F.observation({ code: F.cc(F.LOINC, '21907-1'), date: '2026-01-01', valueCodeableConcept: { text: 'cM1a' } });
    expect(factsOf([F.ileumNet(), m1]).advanced.status).toBe('known');
    expect(factsOf([F.ileumNet(), F.burden('low', '2026-01-01')]).advanced.status).toBe('known');
    expect(factsOf([F.ileumNet()]).advanced).toEqual({ status: 'missing', note: 'no metastasis on record' });
  });
});

describe('hepatic predominance', () => {
  const value = (resources: unknown[]) => {
    const f = factsOf(resources as never).hepaticPredominant;
    return f.status === 'known' ? f.value : 'unknown';
  };
  test.each([
    ['liver only', [F.liverMets()], true],
    ['liver and distant nodes', [F.liverMets(), F.nodeMets()], false],
    ['liver and lung (C78.01)', [F.liverMets(), F.condition({ code: F.cc(F.ICD10CM, 'C78.01') })], false],
    ['liver and bone, extrahepatic burden low', [F.liverMets(), F.boneMets(), F.assessment('extrahepatic-burden', '2026-01-01', { valueCodeableConcept: F.cc(F.NETCDS, 'low') })], true],
    ['liver and bone, extrahepatic burden not documented', [F.liverMets(), F.boneMets()], 'unknown'],
    ['liver and an unstated site', [F.liverMets(), F.condition({ code: F.cc(F.ICD10CM, 'C7B.00') })], 'unknown'],
    ['bone only', [F.boneMets()], false],
    ['no metastasis', [], 'unknown'],
    ['regional mesenteric nodes (C77.2) do not count against the liver', [F.liverMets(), F.condition({ code: F.cc(F.ICD10CM, 'C77.2') })], true],
  ])('%s → %s', (_n, resources, expected) => {
    expect(value(resources)).toBe(expected);
  });
});

describe('treatment history', () => {
  test('long-acting SSA: first date, last dose, active order', () => {
    const facts = factsOf([F.larDose('2026-01-05'), F.larDose('2026-02-02', 'lar-2'), F.medicationRequest(F.OCTREOTIDE_LAR_30, { authoredOn: '2025-12-20' })]);
    expect(facts.therapies.longActingSsa).toEqual(expect.objectContaining({ firstDate: '2025-12-20', lastDose: { date: '2026-02-02', reference: 'MedicationAdministration/lar-2' }, active: true }));
  });

  test('short-acting octreotide is kept apart', () => {
    const facts = factsOf([F.administration(F.OCTREOTIDE_SHORT, '2026-11-01', F.qty(100, 'ug'))]);
    expect(facts.therapies.longActingSsa).toBeUndefined();
    expect(facts.therapies.shortActingOctreotide).toHaveLength(1);
  });

  test('not-done and entered-in-error administrations are not doses', () => {
    const facts = factsOf([F.administration(F.LUTATHERA, '2026-01-01', F.qty(7.4, 'GBq'), { status: 'not-done' }), F.administration(F.LUTATHERA, '2026-03-01', undefined, { status: 'entered-in-error' })]);
    expect(facts.therapies.lu177Doses).toEqual([]);
  });

  test.each([
    [F.qty(7.4, 'GBq'), 7400],
    [F.qty(200, 'mCi'), 7400],
    [F.qty(7400, 'MBq'), 7400],
    [F.qty(5.55, 'GBq'), 5550],
  ])('Lu-177 activity %j → %s MBq', (dose, mbq) => {
    expect(factsOf([F.administration(F.LUTATHERA, '2026-01-01', dose)]).therapies.lu177Doses[0]).toEqual(expect.objectContaining({ activityMBq: mbq, activityAssumed: false }));
  });

  test('a PRRT Procedure without activity counts as a dose with assumed activity; same-day records are one dose', () => {
    const facts = factsOf([
      F.procedure({ text: 'PRRT with Lutetium Lu 177 dotatate' }, '2026-01-10'),
      F.procedure({ text: 'PRRT with Lutetium Lu 177 dotatate' }, '2026-03-07'),
      F.administration(F.LUTATHERA, '2026-03-07', F.qty(7.4, 'GBq')),
    ]);
    expect(facts.therapies.lu177Doses).toEqual([
      expect.objectContaining({ date: '2026-01-10', activityAssumed: true }),
      expect.objectContaining({ date: '2026-03-07', activityMBq: 7400, activityAssumed: false }),
    ]);
  });

  test('courses: doses ≤ 16 weeks apart with no progression between; benefit to the first progression after', () => {
    const facts = factsOf([
      F.lu177Dose('2023-01-10'),
      F.lu177Dose('2023-03-07'),
      F.lu177Dose('2023-05-02'),
      F.lu177Dose('2023-06-27'),
      F.progression('2024-09-15'),
      F.lu177Dose('2024-10-20'),
      F.lu177Dose('2025-05-01'),
    ]);
    expect(facts.prrtCourses.map((c) => [c.start, c.doses.length, c.benefitMonths])).toEqual([
      ['2023-01-10', 4, 14],
      ['2024-10-20', 1, undefined],
      ['2025-05-01', 1, undefined],
    ]);
  });

  test('a progression between doses splits the course', () => {
    const facts = factsOf([F.lu177Dose('2026-01-10'), F.progression('2026-02-20'), F.lu177Dose('2026-03-07')]);
    expect(facts.prrtCourses).toHaveLength(2);
    expect(facts.prrtCourses[0]!.benefitMonths).toBe(1);
  });

  test('progression on SSA alone: after the first dose, ≤ 8 weeks after the last, nothing else before it', () => {
    const onSsa = factsOf([F.larDose('2025-01-05'), F.larDose('2025-06-01'), F.progression('2025-07-20')]);
    expect(onSsa.progressionOnSsaAlone?.date).toBe('2025-07-20');
    const afterStopping = factsOf([F.larDose('2025-01-05'), F.larDose('2025-03-01'), F.progression('2025-07-20')]);
    expect(afterStopping.progressionOnSsaAlone).toBeUndefined();
    const afterEverolimus = factsOf([F.larDose('2025-01-05'), F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2025-03-01' }), F.larDose('2025-06-01'), F.progression('2025-07-20')]);
    expect(afterEverolimus.progressionOnSsaAlone).toBeUndefined();
  });

  test('targeted therapy episodes split on a gap of more than 120 days', () => {
    const facts = factsOf([
      F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2024-01-01', status: 'completed' }),
      F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2024-03-01', status: 'completed' }),
      F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2025-06-01' }),
    ]);
    expect(facts.therapies.targeted.map((e) => [e.start, e.active])).toEqual([
      ['2024-01-01', false],
      ['2025-06-01', true],
    ]);
  });

  test('medication history unavailable is recorded, not read as "no therapy"', () => {
    expect(factsOf([], { unavailable: ['medications'] }).therapies.historyAvailable).toBe(false);
  });
});
