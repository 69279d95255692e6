/**
 * Order checks (issue #5; rules.md §4): every prrt.* and order.* rule with its threshold edges,
 * units, unknown and stale inputs, course position, both hooks, over HTTP with real FHIR charts.
 */
import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import * as F from '../fixtures/fhir.js';
import { cardFor, ruleIds, type CardLike } from '../support/assertions.js';
import { orderSelect, orderSign } from '../support/calls.js';

const PLANNED = '2026-12-10';

/** A 66-year-old man, ileal NET with liver and nodal spread, progression on octreotide LAR, every PRRT criterion verified. */
function eligible(): FhirResource[] {
  return [
    F.patient({ birthDate: '1960-02-01', gender: 'male' }),
    F.ileumNet(),
    F.liverMets(),
    F.nodeMets(),
    F.ki67(4, '2025-01-05'),
    ...['2025-01-10', '2025-06-01', '2026-01-05', '2026-06-01', '2026-09-20'].map((d) => F.larDose(d)),
    F.progression('2026-09-15'),
    F.sstrPet('positive', '2026-10-15'),
    F.crcl(75, '2026-11-20'),
    F.karnofsky(80, '2026-11-01'),
    ...F.cbc('2026-11-20'),
  ];
}

const lu177Order = (o: { id?: string; planned?: string; gbq?: number | null; dose?: F.Quantity } = {}) =>
  F.medicationRequest(F.LUTATHERA, {
    id: o.id ?? 'lu-1',
    status: 'draft',
    ...(o.planned === undefined ? { plannedDate: PLANNED } : o.planned ? { plannedDate: o.planned } : {}),
    ...(o.dose ? { dose: o.dose } : o.gbq === null ? {} : { dose: F.qty(o.gbq ?? 7.4, 'GBq') }),
  });

const prrtIds = (cards: CardLike[]) => ruleIds(cards).filter((id) => id.startsWith('prrt.'));
const check = (chart: FhirResource[], order: FhirResource = lu177Order()) => orderSign(chart, [order]);
const without = (chart: FhirResource[], predicate: (r: FhirResource) => boolean) => chart.filter((r) => !predicate(r));
const isCode = (code: string) => (r: FhirResource) => r.resourceType === 'Observation' && r.code.coding?.[0]?.code === code;

describe('prrt.checklist and prrt.reminders', () => {
  test('every criterion verified: only the checklist, never claiming expected survival', async () => {
    const cards = await check(eligible());
    expect(prrtIds(cards)).toEqual(['prrt.checklist']);
    const card = cardFor(cards, 'prrt.checklist');
    expect(card.summary).toBe('Lu-177 dotatate: PRRT criteria verified on record (dose 1) — confirm expected survival');
    expect(card.detail).toMatch(/☐ \*\*expected survival > 3 months: clinician to confirm\*\*/);
    expect(card.extension['org.netcds'].facts).toEqual(expect.arrayContaining([{ name: 'expected survival > 3 months', status: 'missing', value: 'clinician to confirm' }]));
  });

  test('any critical or warning PRRT card: reminders instead of the checklist (exactly one of the two)', async () => {
    const cards = await check([...eligible(), F.crcl(45, '2026-11-25')]);
    const ids = prrtIds(cards);
    expect(ids).toContain('prrt.reminders');
    expect(ids).not.toContain('prrt.checklist');
  });

  test('every critical and warning card carries override reasons with displays; critical ones offer to remove the order', async () => {
    const chart = [...without(eligible(), isCode('2164-2')), F.crcl(40, '2026-11-20'), F.sstrPet('negative', '2026-11-01')];
    const cards = await check(chart);
    for (const card of cards.filter((c) => c.indicator !== 'info')) {
      expect(card.overrideReasons?.map((r) => r.code)).toEqual(['tumour-board', 'benefit-outweighs-risk', 'data-outdated', 'will-verify', 'not-applicable']);
      expect(card.overrideReasons!.every((r) => r.display.length > 0)).toBe(true);
    }
    const critical = cards.filter((c) => c.indicator === 'critical');
    expect(critical.map((c) => c.extension['org.netcds'].ruleId).sort()).toEqual(['prrt.kidney', 'prrt.sstr']);
    for (const card of critical) expect(card.suggestions![0]!.actions).toEqual([{ type: 'delete', description: 'Remove the draft Lu-177 dotatate order', resourceId: 'MedicationRequest/lu-1' }]);
  });

  test('cards are ordered critical → warning → info', async () => {
    const cards = await check([...without(eligible(), isCode('89243-0')), F.crcl(40, '2026-11-25')]);
    const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
    expect(cards.map((c) => rank[c.indicator]!)).toEqual([...cards.map((c) => rank[c.indicator]!)].sort());
  });
});

describe('prrt.kidney', () => {
  test.each([
    [50, 'critical'],
    [51, undefined],
  ])('creatinine clearance %s mL/min → %s', async (value, indicator) => {
    const cards = await check([...without(eligible(), isCode('2164-2')), F.crcl(value, '2026-11-20')]);
    expect(cards.find((c) => c.extension['org.netcds'].ruleId === 'prrt.kidney')?.indicator).toBe(indicator);
  });

  test('a clearance in mL/s is converted (0.75 mL/s = 45 mL/min)', async () => {
    const card = cardFor(await check([...without(eligible(), isCode('2164-2')), F.crcl(0.75, '2026-11-20', 'mL/s')]), 'prrt.kidney');
    expect(card.summary).toBe('Lu-177 dotatate: creatinine clearance 45 mL/min — at or below 50 (criterion not met)');
  });

  test('Cockcroft–Gault: the value, method and inputs are stated', async () => {
    // (140 − 66) × 70 / (72 × 1.8) = 40.0 mL/min
    const chart = [...without(eligible(), isCode('2164-2')), F.creatinine(1.8, '2026-11-20'), F.weight(70, '2026-11-01')];
    const card = cardFor(await check(chart), 'prrt.kidney');
    expect(card.indicator).toBe('critical');
    expect(card.detail).toMatch(/creatinine clearance 40 mL\/min on 2026-11-20 \(Cockcroft–Gault from creatinine 1\.8 mg\/dL on 2026-11-20, weight 70 kg on 2026-11-01, age 66, male\)/);
  });

  test('older than 30 days before the planned date → warning (stale)', async () => {
    const card = cardFor(await check([...without(eligible(), isCode('2164-2')), F.crcl(75, '2026-11-05')]), 'prrt.kidney');
    expect(card.indicator).toBe('warning');
    expect(card.extension['org.netcds'].facts?.[0]).toEqual(expect.objectContaining({ status: 'stale', value: 75, date: '2026-11-05' }));
  });

  test('no kidney function on file → warning', async () => {
    expect(cardFor(await check(without(eligible(), isCode('2164-2'))), 'prrt.kidney').indicator).toBe('warning');
  });

  test('an eGFR proxy of 52 is never taken as passing → warning; 60 passes', async () => {
    const base = without(eligible(), isCode('2164-2'));
    expect(cardFor(await check([...base, F.egfr(52, '2026-11-20')]), 'prrt.kidney').indicator).toBe('warning');
    expect(ruleIds(await check([...base, F.egfr(60, '2026-11-20')]))).not.toContain('prrt.kidney');
  });

  test('methods disagreeing across 50 → both values shown', async () => {
    const chart = [...eligible(), F.creatinine(1.8, '2026-11-10'), F.weight(70, '2026-11-01')];
    const card = cardFor(await check(chart), 'prrt.kidney');
    expect(card.indicator).toBe('warning');
    expect(card.detail).toMatch(/75 mL\/min/);
    expect(card.detail).toMatch(/Another method in the last 30 days gives \*\*creatinine clearance 40 mL\/min on 2026-11-10/);
  });
});

describe('prrt.performance', () => {
  const withPerf = (obs: FhirResource) => check([...without(eligible(), isCode('89243-0')), obs]);
  test.each([
    ['Karnofsky 50', F.karnofsky(50, '2026-11-01'), 'critical'],
    ['Karnofsky 60', F.karnofsky(60, '2026-11-01'), undefined],
    ['ECOG 3', F.ecog(3, '2026-11-01'), 'critical'],
    ['ECOG 2', F.ecog(2, '2026-11-01'), 'warning'],
    ['ECOG 1', F.ecog(1, '2026-11-01'), undefined],
    ['Karnofsky 80 older than 90 days', F.karnofsky(80, '2026-08-01'), 'warning'],
  ])('%s → %s', async (_label, obs, indicator) => {
    expect((await withPerf(obs)).find((c) => c.extension['org.netcds'].ruleId === 'prrt.performance')?.indicator).toBe(indicator);
  });

  test('ECOG 2 explains why it is indeterminate', async () => {
    expect(cardFor(await withPerf(F.ecog(2, '2026-11-01')), 'prrt.performance').detail).toMatch(/ECOG 2 corresponds to Karnofsky 50–60/);
  });
});

describe('prrt.sstr', () => {
  test('negative → critical', async () => {
    expect(cardFor(await check([...eligible(), F.sstrPet('negative', '2026-11-01')]), 'prrt.sstr').indicator).toBe('critical');
  });

  test('older than the latest progression → warning with an SSTR PET suggestion', async () => {
    const chart = [...without(eligible(), (r) => r.resourceType === 'Observation' && r.code.text === 'Ga-68 DOTATATE PET-CT'), F.sstrPet('positive', '2026-08-01')];
    const card = cardFor(await check(chart), 'prrt.sstr');
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('Lu-177 dotatate: SSTR imaging (2026-08-01) is out of date — repeat before PRRT');
    expect(card.suggestions![0]!.actions![0]!.resource?.resourceType).toBe('ServiceRequest');
  });

  test('older than 6 months before the planned date → warning', async () => {
    const chart = [...without(eligible(), (r) => r.resourceType === 'Observation' && (r.code.text === 'Ga-68 DOTATATE PET-CT' || r.code.coding?.[0]?.code === '97509-4')), F.progression('2025-11-01'), F.sstrPet('positive', '2026-06-09')];
    expect(cardFor(await check(chart), 'prrt.sstr').detail).toMatch(/older than 6 months/);
  });

  test('no SSTR imaging → warning', async () => {
    const chart = without(eligible(), (r) => r.resourceType === 'Observation' && r.code.text === 'Ga-68 DOTATATE PET-CT');
    expect(cardFor(await check(chart), 'prrt.sstr').summary).toBe('Lu-177 dotatate: SSTR status not on file — confirm SSTR uptake before PRRT');
  });
});

describe('prrt.marrow', () => {
  const withCount = (v: Parameters<typeof F.cbc>[1]) => [...without(eligible(), (r) => r.resourceType === 'Observation' && ['777-3', '718-7', '751-8', '6690-2', '731-0'].includes(r.code.coding?.[0]?.code ?? '')), ...F.cbc('2026-11-20', v)];
  const laterDose = (chart: FhirResource[]) => [...chart, F.lu177Dose('2026-10-15')];

  test('first dose of a course: grade 3 platelets (45) → critical', async () => {
    const card = cardFor(await check(withCount({ plt: 45 })), 'prrt.marrow');
    expect(card.indicator).toBe('critical');
    expect(card.summary).toBe('Lu-177 dotatate: grade ≥3 cytopenia (2026-11-20) — insufficient marrow reserve');
    expect(card.detail).toMatch(/platelets 45 10\^3\/µL \(grade 3\)/);
  });

  test('first dose of a course: grade 2 platelets (60) is acceptable', async () => {
    expect(ruleIds(await check(withCount({ plt: 60 })))).not.toContain('prrt.marrow');
  });

  test('a later dose of the course: grade 2 platelets → warning (label: withhold)', async () => {
    const card = cardFor(await check(laterDose(withCount({ plt: 60 }))), 'prrt.marrow');
    expect(card.indicator).toBe('warning');
    expect(card.detail).toMatch(/later dose of the course/);
  });

  test('grade 3 anaemia (Hb 7.9) → critical; Hb 8.0 is grade 2', async () => {
    expect(cardFor(await check(withCount({ hb: 7.9 })), 'prrt.marrow').indicator).toBe('critical');
    expect(ruleIds(await check(withCount({ hb: 8.0 })))).not.toContain('prrt.marrow');
  });

  test('isolated grade 3 lymphopenia → info only (checklist still shown)', async () => {
    const cards = await check(withCount({ lym: 0.4 }));
    expect(cardFor(cards, 'prrt.marrow').indicator).toBe('info');
    expect(prrtIds(cards)).toContain('prrt.checklist');
  });

  test('an incomplete count names the missing count', async () => {
    const chart = [...without(eligible(), (r) => r.resourceType === 'Observation' && ['777-3', '718-7', '751-8', '6690-2', '731-0'].includes(r.code.coding?.[0]?.code ?? '')), F.platelets(200, '2026-11-20'), F.anc(3, '2026-11-20')];
    const card = cardFor(await check(chart), 'prrt.marrow');
    expect(card.summary).toBe('Lu-177 dotatate: blood count incomplete — haemoglobin missing');
  });

  test('a count older than 30 days before the planned date → warning', async () => {
    const chart = [...without(eligible(), (r) => r.resourceType === 'Observation' && ['777-3', '718-7', '751-8', '6690-2', '731-0'].includes(r.code.coding?.[0]?.code ?? '')), ...F.cbc('2026-11-01')];
    expect(cardFor(await check(chart), 'prrt.marrow').summary).toBe('Lu-177 dotatate: no complete blood count within 30 days');
  });
});

describe('prrt.ssa-washout', () => {
  test.each([
    ['2026-11-13', 27, 'Lu-177 dotatate: long-acting SSA 27 days before — earliest dose date 2026-12-11'],
    ['2026-11-12', 28, undefined],
  ])('last LAR %s (%s days before) → %s', async (date, _days, summary) => {
    const cards = await check([...eligible(), F.larDose(date)]);
    expect(cards.find((c) => c.extension['org.netcds'].ruleId === 'prrt.ssa-washout')?.summary).toBe(summary);
  });

  test('an active long-acting SSA with no known last dose → warning', async () => {
    const chart = [...without(eligible(), (r) => r.resourceType === 'MedicationAdministration'), F.medicationRequest(F.LANREOTIDE_120, {})];
    expect(cardFor(await check(chart), 'prrt.ssa-washout').summary).toBe('Lu-177 dotatate: active long-acting SSA, last dose unknown — confirm 4-week washout');
  });
});

describe('prrt.short-acting', () => {
  test('short-acting octreotide the day before → warning', async () => {
    const card = cardFor(await check([...eligible(), F.administration(F.OCTREOTIDE_SHORT, '2026-12-09', F.qty(100, 'ug'))]), 'prrt.short-acting');
    expect(card.summary).toBe('Lu-177 dotatate: short-acting octreotide given 2026-12-09 — none within 24 h before the dose');
  });

  test('two days before → no card', async () => {
    expect(ruleIds(await check([...eligible(), F.administration(F.OCTREOTIDE_SHORT, '2026-12-08', F.qty(100, 'ug'))]))).not.toContain('prrt.short-acting');
  });
});

describe('prrt.interval', () => {
  test.each([
    ['2026-10-23', 48, 'Lu-177 dotatate: only 48 days after the previous dose — next dose due 2026-12-18'],
    ['2026-10-22', 49, undefined],
  ])('previous dose %s (%s days) → %s', async (date, _days, summary) => {
    const cards = await check([...eligible(), F.lu177Dose(date)]);
    expect(cards.find((c) => c.extension['org.netcds'].ruleId === 'prrt.interval')?.summary).toBe(summary);
  });
});

describe('prrt.course and prrt.retreatment', () => {
  const fullCourse = ['2024-01-10', '2024-03-06', '2024-05-01', '2024-06-26'].map((d) => F.lu177Dose(d));

  test('a fifth dose right after a 4-dose course → prrt.course and prrt.retreatment (benefit not documented)', async () => {
    const chart = [...without(eligible(), isCode('97509-4')), F.progression('2026-04-01'), ...['2026-05-01', '2026-06-26', '2026-08-21', '2026-10-15'].map((d) => F.lu177Dose(d))];
    const cards = await check(chart);
    expect(cardFor(cards, 'prrt.course').summary).toBe('Lu-177 dotatate: the course of 2026-05-01 already has 4 doses — this order is a retreatment');
    expect(cardFor(cards, 'prrt.retreatment').summary).toBe('Lu-177 dotatate retreatment: benefit of the last course not documented');
  });

  test('progression 11 months after the last course → retreatment warning', async () => {
    const chart = [...eligible(), ...fullCourse, F.progression('2025-05-30')];
    expect(cardFor(await check(chart), 'prrt.retreatment').summary).toBe('Lu-177 dotatate retreatment: progression 11 months after the last course');
  });

  test('progression 12 months after the last course → adequate: no retreatment card, and it is an indication', async () => {
    const chart = [...eligible(), ...fullCourse, F.progression('2025-06-26')];
    const ids = ruleIds(await check(chart));
    expect(ids).not.toContain('prrt.retreatment');
    expect(ids).toContain('prrt.course');
    expect(ids).not.toContain('prrt.indication');
  });

  test('a second dose of a course under way is neither a retreatment nor a new course', async () => {
    const ids = ruleIds(await check([...eligible(), F.lu177Dose('2026-10-15')]));
    expect(ids).not.toContain('prrt.retreatment');
    expect(ids).not.toContain('prrt.course');
  });
});

describe('prrt.indication', () => {
  const noSsa = () => without(eligible(), (r) => r.resourceType === 'MedicationAdministration');

  test('no SSA, no high burden: no guideline indication → warning', async () => {
    const card = cardFor(await check(noSsa()), 'prrt.indication');
    expect(card.detail).toMatch(/no long-acting SSA on record/);
  });

  test.each([
    [10, 'high', false],
    [9.9, 'high', true],
    [12, 'low', true],
  ])('Ki-67 %s %% with %s burden → indication card: %s', async (ki, burden, fires) => {
    const chart = [...noSsa(), F.ki67(ki, '2026-10-01'), F.burden(burden as 'low' | 'high', '2026-10-05')];
    expect(ruleIds(await check(chart)).includes('prrt.indication')).toBe(fires);
  });

  test('progression while on the SSA is an indication', async () => {
    expect(ruleIds(await check(eligible()))).not.toContain('prrt.indication');
  });
});

describe('prrt.lifetime-dose and prrt.dose', () => {
  const history = (n: number) => Array.from({ length: n }, (_, i) => F.lu177Dose(`20${10 + i}-01-15`));

  test('exactly at the limit (8 × 7400 MBq = 59 200 MBq = 1600 mCi) → no card', async () => {
    expect(ruleIds(await check([...eligible(), ...history(7)]))).not.toContain('prrt.lifetime-dose');
  });

  test('above the limit → critical with totals in MBq, GBq and mCi', async () => {
    const card = cardFor(await check([...eligible(), ...history(8)]), 'prrt.lifetime-dose');
    expect(card.indicator).toBe('critical');
    expect(card.summary).toBe('Lu-177 dotatate: cumulative activity 66,600 MBq (66.6 GBq, 1800 mCi) exceeds the limit');
  });

  test('doses without recorded activity count 7.4 GBq and are named', async () => {
    const chart = [...eligible(), ...history(7), F.administration(F.LUTATHERA, '2018-06-01')];
    const card = cardFor(await check(chart), 'prrt.lifetime-dose');
    expect(card.detail).toMatch(/\(2018-06-01\) are counted as 7\.4 GBq/);
  });

  test('a configurable institutional limit applies', async () => {
    const { testApp, orderRequest } = await import('../fixtures/hooks.js');
    const request = (await import('supertest')).default;
    const strict = testApp({ env: { PRRT_LIFETIME_LIMIT_MCI: '800' } });
    const res = await request(strict).post('/cds-services/netcds-order-sign').send(orderRequest('order-sign', [...eligible(), ...history(4)], [lu177Order()]));
    expect(res.body.cards.map((c: CardLike) => c.extension['org.netcds'].ruleId)).toContain('prrt.lifetime-dose');
  });

  test.each([
    [F.qty(200, 'mCi'), false],
    [F.qty(7400, 'MBq'), false],
    [F.qty(7.6, 'GBq'), false],
    [F.qty(3.7, 'GBq'), true],
    [F.qty(150, 'mCi'), true],
  ])('ordered %p → prrt.dose: %s', async (dose, fires) => {
    expect(ruleIds(await check(eligible(), lu177Order({ dose }))).includes('prrt.dose')).toBe(fires);
  });

  test('activity not stated on the order → prrt.dose info, counted as 7.4 GBq', async () => {
    const card = cardFor(await check(eligible(), lu177Order({ gbq: null })), 'prrt.dose');
    expect(card.indicator).toBe('info');
    expect(card.summary).toBe('Lu-177 dotatate: ordered activity not stated — standard is 7.4 GBq (200 mCi)');
  });
});

describe('prrt.age and prrt.pregnancy', () => {
  const withPatient = (p: FhirResource) => [p, ...eligible().filter((r) => r.resourceType !== 'Patient')];

  test.each([
    ['2015-01-01', 'critical'],
    ['2012-01-01', 'info'],
    ['2008-01-01', undefined],
  ])('born %s → prrt.age %s', async (birthDate, indicator) => {
    const cards = await check(withPatient(F.patient({ birthDate, gender: 'male' })));
    expect(cards.find((c) => c.extension['org.netcds'].ruleId === 'prrt.age')?.indicator).toBe(indicator);
  });

  test('birth date unknown → warning', async () => {
    expect(cardFor(await check(withPatient(F.patient({ gender: 'male' }))), 'prrt.age').indicator).toBe('warning');
  });

  test('a woman of 40 without a pregnancy status within 30 days → warning', async () => {
    const cards = await check([...withPatient(F.patient({ birthDate: '1986-05-01', gender: 'female' })), F.pregnancyStatus(false, '2026-10-01')]);
    const card = cardFor(cards, 'prrt.pregnancy');
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('Lu-177 dotatate: no pregnancy status within 30 days — verify before the dose');
  });

  test('a negative status within 30 days of the planned date → no card', async () => {
    const cards = await check([...withPatient(F.patient({ birthDate: '1986-05-01', gender: 'female' })), F.pregnancyStatus(false, '2026-11-25')]);
    expect(ruleIds(cards)).not.toContain('prrt.pregnancy');
  });

  test('pregnant → critical', async () => {
    const cards = await check([...withPatient(F.patient({ birthDate: '1986-05-01', gender: 'female' })), F.pregnancyStatus(true, '2026-11-25')]);
    expect(cardFor(cards, 'prrt.pregnancy').indicator).toBe('critical');
  });
});

describe('prrt.scope', () => {
  test('pancreatic NET → info, the other checks still apply', async () => {
    const cards = await check([...eligible(), F.pancreaticNet()]);
    expect(cardFor(cards, 'prrt.scope').indicator).toBe('info');
    expect(prrtIds(cards)).toContain('prrt.checklist');
  });
});

describe('planned date', () => {
  test('not stated: today is assumed and every date-based card says so', async () => {
    const cards = await check(eligible(), lu177Order({ planned: '' }));
    const card = cardFor(cards, 'prrt.checklist');
    expect(card.detail).toMatch(/Planned date not stated: today assumed \(2026-11-27\)/);
  });

  test('freshness is judged on the planned date, not today', async () => {
    // CrCl of 2026-11-20 is fresh today but 40 days old on 2026-12-30.
    const cards = await check(eligible(), lu177Order({ planned: '2026-12-30' }));
    expect(cardFor(cards, 'prrt.kidney').extension['org.netcds'].facts?.[0]).toEqual(expect.objectContaining({ status: 'stale' }));
  });

  test('the timing boundsPeriod start and a ServiceRequest occurrence are planned dates too', async () => {
    const sr = F.serviceRequest({ text: 'PRRT: Lutetium Lu 177 dotatate 7.4 GBq IV' }, { id: 'sr-prrt', status: 'draft', occurrence: '2026-12-10' });
    const cards = await orderSign(eligible(), [sr]);
    expect(prrtIds(cards)).toContain('prrt.checklist');
    expect(cardFor(cards, 'prrt.checklist').detail).toMatch(/Judged on the planned dose date, 2026-12-10/);
  });
});

describe('which orders are checked', () => {
  test('order-select checks the selected orders only', async () => {
    const lu = lu177Order();
    const chemo = F.medicationRequest(F.CAPECITABINE, { id: 'cape-1', status: 'draft' });
    expect(ruleIds(await orderSelect(eligible(), [lu, chemo], ['MedicationRequest/cape-1']))).toEqual(['order.chemotherapy']);
    expect(prrtIds(await orderSelect(eligible(), [lu, chemo], ['MedicationRequest/lu-1']))).toEqual(['prrt.checklist']);
  });

  test('order-sign checks every draft', async () => {
    const ids = ruleIds(await orderSign(eligible(), [lu177Order(), F.medicationRequest(F.CAPECITABINE, { id: 'cape-1', status: 'draft' })]));
    expect(ids).toEqual(expect.arrayContaining(['order.chemotherapy', 'prrt.checklist']));
  });

  test.each([
    ['Pluvicto (Lu-177 vipivotide tetraxetan)', []],
    ['Ac-225 dotatate', ['order.investigational']],
    ['Ga-68 dotatate', []],
    ['amoxicillin 500 mg', []],
  ])('%s → %j', async (text, expected) => {
    expect(ruleIds(await orderSign(eligible(), [F.medicationRequest({ text }, { id: 'x-1', status: 'draft' })]))).toEqual(expected);
  });
});

describe('order.* rules', () => {
  const draft = (concept: F.CodeableConcept, o: Parameters<typeof F.medicationRequest>[1] = {}) => F.medicationRequest(concept, { id: 'o-1', status: 'draft', ...o });

  test('order.chemotherapy: capecitabine for a G1 GI NET → warning', async () => {
    const card = cardFor(await orderSign(eligible(), [draft(F.CAPECITABINE)]), 'order.chemotherapy');
    expect(card.indicator).toBe('warning');
    expect(card.overrideReasons).toBeDefined();
  });

  test('order.chemotherapy: not when another active cancer is on file', async () => {
    const chart = [...eligible(), F.condition({ code: F.cc(F.ICD10CM, 'C50.911', 'Malignant neoplasm of unspecified site of right female breast') })];
    expect(await orderSign(chart, [draft(F.CAPECITABINE)])).toEqual([]);
  });

  test('order.chemotherapy: not for a G3 NET', async () => {
    expect(await orderSign([...eligible(), F.ki67(30, '2026-11-01')], [draft(F.CAPECITABINE)])).toEqual([]);
  });

  test('orders for a patient without a NET → no card', async () => {
    expect(await orderSign([F.patient(), F.condition({ code: F.cc(F.ICD10CM, 'E22.0', 'Acromegaly') })], [draft(F.OCTREOTIDE_LAR_30, { dose: F.qty(40, 'mg'), everyDays: 21 }), draft(F.CAPECITABINE, { id: 'o-2' })])).toEqual([]);
  });

  test('order.interferon → warning', async () => {
    expect(cardFor(await orderSign(eligible(), [draft({ text: 'interferon alfa-2b 3 MIU' })]), 'order.interferon').indicator).toBe('warning');
  });

  test('order.ssa-sstr-negative → info', async () => {
    expect(cardFor(await orderSign([...eligible(), F.sstrPet('negative', '2026-11-01')], [draft(F.LANREOTIDE_120)]), 'order.ssa-sstr-negative').indicator).toBe('info');
  });

  test('order.ssa-before-prrt: LAR due 20 days before a planned Lu-177 dose → last safe date', async () => {
    const chart = [...eligible(), F.medicationRequest(F.LUTATHERA, { id: 'lu-planned', plannedDate: '2026-12-20' })];
    const card = cardFor(await orderSign(chart, [draft(F.OCTREOTIDE_LAR_30, { plannedDate: '2026-11-30' })]), 'order.ssa-before-prrt');
    expect(card.summary).toBe('Long-acting SSA 20 days before a planned Lu-177 dose (2026-12-20): last safe date 2026-11-22');
  });

  test('order.ssa-before-prrt: mid-course, the expected next dose is last dose + 8 weeks', async () => {
    const chart = [...eligible(), F.lu177Dose('2026-10-15')];
    const card = cardFor(await orderSign(chart, [draft(F.LANREOTIDE_120, { plannedDate: '2026-12-01' })]), 'order.ssa-before-prrt');
    expect(card.summary).toBe('Long-acting SSA 9 days before a planned Lu-177 dose (2026-12-10): last safe date 2026-11-12');
  });

  test('order.ssa-before-prrt: 28 days before is safe', async () => {
    const chart = [...eligible(), F.medicationRequest(F.LUTATHERA, { id: 'lu-planned', plannedDate: '2026-12-28' })];
    expect(ruleIds(await orderSign(chart, [draft(F.OCTREOTIDE_LAR_30, { plannedDate: '2026-11-30' })]))).not.toContain('order.ssa-before-prrt');
  });

  test('order.ssa-escalation: octreotide LAR 40 mg after progression → info; functional with refractory symptoms → none', async () => {
    expect(cardFor(await orderSign(eligible(), [draft(F.OCTREOTIDE_LAR_30, { dose: F.qty(40, 'mg') })]), 'order.ssa-escalation').indicator).toBe('info');
    expect(ruleIds(await orderSign(eligible(), [draft(F.LANREOTIDE_120, { dose: F.qty(120, 'mg'), everyDays: 14 })]))).toContain('order.ssa-escalation');
    const refractory = [...eligible(), F.carcinoidSyndrome(), F.assessment('refractory-hormonal-symptoms', '2026-11-01', { valueBoolean: true })];
    expect(ruleIds(await orderSign(refractory, [draft(F.OCTREOTIDE_LAR_30, { dose: F.qty(40, 'mg') })]))).not.toContain('order.ssa-escalation');
  });

  test('order.telotristat without an active SSA → info; with one → none', async () => {
    const noSsa = without(eligible(), (r) => r.resourceType === 'MedicationAdministration');
    expect(cardFor(await orderSign(noSsa, [draft({ text: 'telotristat ethyl 250 mg' })]), 'order.telotristat').indicator).toBe('info');
    expect(ruleIds(await orderSign([...noSsa, F.medicationRequest(F.LANREOTIDE_120, {})], [draft({ text: 'telotristat ethyl 250 mg' })]))).not.toContain('order.telotristat');
  });

  test('order.targeted-first: everolimus, SSTR-positive, never an SSA → info', async () => {
    const noSsa = without(eligible(), (r) => r.resourceType === 'MedicationAdministration');
    expect(cardFor(await orderSign(noSsa, [draft(F.EVEROLIMUS)]), 'order.targeted-first').indicator).toBe('info');
    expect(ruleIds(await orderSign(eligible(), [draft(F.EVEROLIMUS)]))).not.toContain('order.targeted-first');
  });

  test('order.targeted-repeat: everolimus again after progression on it → warning naming cabozantinib', async () => {
    const chart = [...eligible(), F.medicationStatement(F.EVEROLIMUS, { status: 'completed', start: '2025-02-01' }), F.medicationStatement(F.EVEROLIMUS, { status: 'completed', date: '2025-04-20' }), F.progression('2025-05-01')];
    const card = cardFor(await orderSign(chart, [draft(F.EVEROLIMUS)]), 'order.targeted-repeat');
    expect(card.summary).toBe('Progression on everolimus before (2025-05-01): switch to cabozantinib rather than repeat');
  });

  test.each([
    ['surufatinib 300 mg', 'order.surufatinib'],
    ['Y-90 DOTATOC', 'order.y90'],
    ['nivolumab', 'order.investigational'],
    ['lenvatinib', 'order.investigational'],
  ])('%s → %s (info)', async (text, ruleId) => {
    const cards = await orderSign(eligible(), [draft({ text })]);
    expect(ruleIds(cards)).toEqual([ruleId]);
    expect(cards[0]!.indicator).toBe('info');
  });
});
