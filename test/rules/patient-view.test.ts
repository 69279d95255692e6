/**
 * patient-view rules (issue #4; rules.md §1, §3): one test per rule id, each with a whole FHIR
 * chart sent over HTTP, checking the rule id, indicator and the numbers/dates the card states.
 */
import { describe, expect, test } from '@jest/globals';
import * as F from '../fixtures/fhir.js';
import { cardFor, ruleIds } from '../support/assertions.js';
import { factValue, patientView } from '../support/calls.js';

const THERAPY_IDS = [
  'current.on-therapy',
  'initial.resection',
  'initial.surveillance',
  'initial.assess-burden',
  'initial.ssa',
  'initial.ssa-embolization',
  'initial.ssa-prrt',
  'initial.sstr-negative',
  'second.hepatic',
  'second.prrt',
  'second.after-prrt',
  'second.targeted',
];
const therapyCards = (ids: string[]) => ids.filter((id) => THERAPY_IDS.includes(id));

/** A 66-year-old man with a metastatic ileal NET, Ki-67 4 %, SSTR-positive, no therapy yet. */
const base = () => [F.patient({ birthDate: '1960-02-01', gender: 'male' }), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-03-01'), F.sstrPet('positive', '2026-03-10')];
const nonHepatic = () => [F.patient({ birthDate: '1960-02-01', gender: 'male' }), F.ileumNet(), F.liverMets(), F.nodeMets(), F.ki67(4, '2026-03-01'), F.sstrPet('positive', '2026-03-10')];
const larCourse = (from: string, to: string) => {
  const doses = [];
  for (let d = new Date(from); d <= new Date(to); d.setUTCDate(d.getUTCDate() + 28)) doses.push(F.larDose(d.toISOString().slice(0, 10)));
  return doses;
};
const prrtCourse = (...dates: string[]) => dates.map((d) => F.lu177Dose(d));

describe('principles', () => {
  test('a patient without a NET and without Lu-177 gets no cards', async () => {
    expect(await patientView([F.patient(), F.condition({ code: F.cc(F.ICD10CM, 'I10', 'Hypertension') }), F.ki67(30, '2026-01-01')])).toEqual([]);
  });

  test('an in-scope patient gets exactly one therapy card', async () => {
    const charts = [base(), [...base(), F.symptoms(true, '2026-04-01')], [...base(), ...larCourse('2025-01-01', '2026-11-01')]];
    for (const chart of charts) expect(therapyCards(ruleIds(await patientView(chart)))).toHaveLength(1);
  });

  test('no metastasis on record: the therapy card says the guidance is for advanced disease', async () => {
    const cards = await patientView([F.patient(), F.ileumNet(), F.ki67(4, '2026-03-01'), F.sstrPet('positive', '2026-03-10')]);
    expect(cardFor(cards, 'initial.assess-burden').detail).toMatch(/No metastasis on record/);
  });
});

describe('scope.pancreatic', () => {
  test('pancreatic NET without a GI NET: only the scope card', async () => {
    const cards = await patientView([F.patient(), F.pancreaticNet(), F.ki67(8, '2026-01-01')]);
    expect(ruleIds(cards)).toEqual(['scope.pancreatic']);
    expect(cards[0]!.indicator).toBe('info');
  });

  test('a GI NET alongside: no pancreatic scope card', async () => {
    expect(ruleIds(await patientView([...base(), F.pancreaticNet()]))).not.toContain('scope.pancreatic');
  });
});

describe('scope.high-grade', () => {
  test('G3 GI NET (Ki-67 25 %): only the scope card, no therapy card', async () => {
    const cards = await patientView([F.patient(), F.ileumNet(), F.liverMets(), F.ki67(25, '2026-01-01')]);
    expect(ruleIds(cards)).toEqual(['scope.high-grade']);
    expect(factValue(cards[0]!, 'Ki-67')).toBe(25);
  });

  test('Ki-67 20 % is G2: in scope', async () => {
    expect(ruleIds(await patientView([...base(), F.ki67(20, '2026-04-01')]))).not.toContain('scope.high-grade');
  });

  test('neuroendocrine carcinoma on record', async () => {
    const cards = await patientView([F.patient(), F.condition({ code: F.cc(F.ICD10CM, 'C7A.1', 'Malignant poorly differentiated neuroendocrine tumors') })]);
    expect(ruleIds(cards)).toEqual(['scope.high-grade']);
  });
});

describe('data.grade-missing', () => {
  test('no Ki-67, mitoses or grade: warning', async () => {
    const cards = await patientView([F.patient(), F.ileumNet(), F.liverMets(), F.sstrPet('positive', '2026-03-10')]);
    const card = cardFor(cards, 'data.grade-missing');
    expect(card.indicator).toBe('warning');
    expect(card.extension['org.netcds'].facts?.[0]).toEqual({ name: 'Ki-67', status: 'missing' });
  });

  test('a mitotic count alone grades the tumour: no card', async () => {
    const cards = await patientView([F.patient(), F.ileumNet(), F.liverMets(), F.mitoses(1, '2026-02-01'), F.sstrPet('positive', '2026-03-10')]);
    expect(ruleIds(cards)).not.toContain('data.grade-missing');
  });
});

describe('data.sstr-missing', () => {
  test('no SSTR imaging: warning with an SSTR PET ServiceRequest suggestion', async () => {
    const cards = await patientView([F.patient(), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-03-01')]);
    const card = cardFor(cards, 'data.sstr-missing');
    expect(card.indicator).toBe('warning');
    const action = card.suggestions![0]!.actions![0]!;
    expect(action.type).toBe('create');
    expect(action.resource).toEqual(expect.objectContaining({ resourceType: 'ServiceRequest', status: 'draft', subject: { reference: 'Patient/pat-1' } }));
  });

  test('an active SSTR PET order: the card says so and suggests nothing', async () => {
    const order = F.serviceRequest({ text: 'Ga-68 DOTATATE PET-CT' }, { id: 'sr-pet' });
    const card = cardFor(await patientView([F.patient(), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-03-01'), order]), 'data.sstr-missing');
    expect(card.suggestions).toBeUndefined();
    expect(card.detail).toMatch(/already active/);
  });

  test('SSTR imaging on file: no card', async () => {
    expect(ruleIds(await patientView(base()))).not.toContain('data.sstr-missing');
  });
});

describe('current.on-therapy', () => {
  test('on octreotide LAR since 2025-06-02 with no progression', async () => {
    const card = cardFor(await patientView([...base(), ...larCourse('2025-06-02', '2026-11-10')]), 'current.on-therapy');
    expect(card.summary).toBe('On octreotide LAR since 2025-06-02: no progression recorded since it started');
    expect(card.suggestions).toBeUndefined();
  });

  test('after a completed PRRT course with no progression since', async () => {
    const chart = [...nonHepatic(), ...larCourse('2024-01-01', '2024-06-01'), F.progression('2024-07-01'), ...prrtCourse('2024-08-01', '2024-09-26', '2024-11-21', '2025-01-16')];
    const card = cardFor(await patientView(chart), 'current.on-therapy');
    expect(card.summary).toMatch(/PRRT with Lu-177 dotatate since 2024-08-01/);
    expect(card.detail).toMatch(/4 of 4 doses given, last on 2025-01-16 \(course complete\)/);
  });
});

describe('initial.resection', () => {
  test('hepatic-predominant, potentially resectable, untreated', async () => {
    const card = cardFor(await patientView([...base(), F.resectability('potentially-resectable', '2026-04-01'), F.symptoms(true, '2026-04-01')]), 'initial.resection');
    expect(card.summary).toMatch(/metastasectomy preferred/);
  });

  test('with distant nodes it is not hepatic-predominant: no resection card', async () => {
    expect(ruleIds(await patientView([...nonHepatic(), F.resectability('potentially-resectable', '2026-04-01')]))).not.toContain('initial.resection');
  });
});

describe('initial.surveillance', () => {
  test('asymptomatic, low burden, no progression: surveillance 2C with the 3- and 6-month imaging plan', async () => {
    const card = cardFor(await patientView([...base(), F.symptoms(false, '2026-04-01'), F.functional(false, '2026-04-01'), F.burden('low', '2026-04-01')]), 'initial.surveillance');
    expect(card.extension['org.netcds'].grade).toBe('2C');
    expect(card.detail).toMatch(/3 and 6 months/);
  });

  test('a progression after observation moves the patient to therapy', async () => {
    const cards = await patientView([...base(), F.symptoms(false, '2026-04-01'), F.burden('low', '2026-04-01'), F.progression('2026-09-01')]);
    expect(therapyCards(ruleIds(cards))).toEqual(['initial.ssa']);
  });

  test('SSTR-negative, asymptomatic and low burden is also surveillance', async () => {
    const chart = [F.patient(), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-03-01'), F.sstrPet('negative', '2026-03-10'), F.symptoms(false, '2026-04-01'), F.burden('low', '2026-04-01')];
    expect(therapyCards(ruleIds(await patientView(chart)))).toEqual(['initial.surveillance']);
  });
});

describe('initial.assess-burden', () => {
  test('symptoms and burden undocumented: lists both branches', async () => {
    const card = cardFor(await patientView(base()), 'initial.assess-burden');
    expect(card.detail).toMatch(/surveillance imaging/);
    expect(card.detail).toMatch(/Tumour burden not documented/);
  });
});

describe('initial.ssa', () => {
  test('symptomatic SSTR-positive G1: long-acting SSA (2B; PROMID, CLARINET), two alternative MedicationRequests', async () => {
    const card = cardFor(await patientView([...base(), F.symptoms(true, '2026-04-01')]), 'initial.ssa');
    expect(card.extension['org.netcds']).toEqual(expect.objectContaining({ grade: '2B', evidence: ['PROMID', 'CLARINET'] }));
    expect(card.selectionBehavior).toBe('at-most-one');
    const resources = card.suggestions!.map((s) => s.actions![0]!.resource!);
    expect(resources.map((r) => (r.medicationCodeableConcept as { text: string }).text)).toEqual(['octreotide LAR 30 mg', 'lanreotide 120 mg']);
    expect(resources.every((r) => r.resourceType === 'MedicationRequest' && r.status === 'draft')).toBe(true);
  });

  test('SSTR unknown but symptomatic: SSA for symptoms, and the SSTR PET card', async () => {
    const cards = await patientView([F.patient(), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-03-01'), F.carcinoidSyndrome()]);
    expect(cardFor(cards, 'initial.ssa').summary).toBe('Symptomatic GI NET: SSA for symptoms now; SSTR PET to guide therapy');
    expect(ruleIds(cards)).toContain('data.sstr-missing');
  });

  test('open branches: resectability unknown for hepatic-predominant disease', async () => {
    expect(cardFor(await patientView([...base(), F.symptoms(true, '2026-04-01')]), 'initial.ssa').detail).toMatch(/\*\*Resection:\*\*/);
  });
});

describe('initial.ssa-embolization', () => {
  const chart = (ki: number) => [F.patient(), F.ileumNet(), F.liverMets(), F.ki67(ki, '2026-03-01'), F.sstrPet('positive', '2026-03-10'), F.resectability('unresectable', '2026-04-01'), F.burden('high', '2026-04-01')];

  test('Ki-67 9.9 %, unresectable, high burden, liver only', async () => {
    expect(therapyCards(ruleIds(await patientView(chart(9.9))))).toEqual(['initial.ssa-embolization']);
  });

  test('Ki-67 10 % is the higher G2 band: SSA with PRRT instead', async () => {
    expect(therapyCards(ruleIds(await patientView(chart(10))))).toEqual(['initial.ssa-prrt']);
  });
});

describe('initial.ssa-prrt', () => {
  test('SSTR-positive, Ki-67 12 %, bulky: add Lu-177 dotatate (2B, NETTER-2) as a shared decision', async () => {
    const chart = [...nonHepatic(), F.ki67(12, '2026-05-01'), F.bulky(true, '2026-05-10')];
    const card = cardFor(await patientView(chart), 'initial.ssa-prrt');
    expect(card.extension['org.netcds']).toEqual(expect.objectContaining({ grade: '2B', evidence: ['NETTER-2'] }));
    expect(card.detail).toMatch(/shared decision/);
    expect(factValue(card, 'Ki-67')).toBe(12);
  });

  test('Ki-67 9.9 % with high burden (not hepatic-predominant): SSA alone', async () => {
    expect(therapyCards(ruleIds(await patientView([...nonHepatic(), F.ki67(9.9, '2026-05-01'), F.burden('high', '2026-05-10')])))).toEqual(['initial.ssa']);
  });
});

describe('initial.sstr-negative', () => {
  test('SSTR-negative and symptomatic: everolimus or cabozantinib (2C)', async () => {
    const chart = [F.patient(), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-03-01'), F.sstrPet('negative', '2026-03-10'), F.symptoms(true, '2026-04-01')];
    const card = cardFor(await patientView(chart), 'initial.sstr-negative');
    expect(card.extension['org.netcds'].grade).toBe('2C');
    expect(card.suggestions).toBeUndefined();
  });
});

describe('second.hepatic', () => {
  test('progression on SSA with liver-only disease: liver-directed therapy', async () => {
    const card = cardFor(await patientView([...base(), ...larCourse('2025-01-01', '2026-10-01'), F.progression('2026-09-15')]), 'second.hepatic');
    expect(card.detail).toMatch(/2026-09-15/);
  });
});

describe('second.prrt', () => {
  const eligible = () => [...nonHepatic(), ...larCourse('2025-01-01', '2026-10-01'), F.progression('2026-09-15'), F.sstrPet('positive', '2026-10-01'), F.crcl(75, '2026-11-10'), F.karnofsky(80, '2026-11-01'), ...F.cbc('2026-11-10')];

  test('progression on SSA alone, SSTR-positive: add PRRT (2C, NETTER-1) with the criteria listed', async () => {
    const card = cardFor(await patientView(eligible()), 'second.prrt');
    expect(card.summary).toBe('Progression on SSA alone (2026-09-15): add Lu-177 dotatate to the SSA (2C, NETTER-1)');
    expect(card.extension['org.netcds'].evidence).toEqual(['NETTER-1']);
    expect(card.detail).toMatch(/✓ creatinine clearance 75 mL\/min on 2026-11-10/);
    expect(card.detail).toMatch(/expected survival > 3 months: clinician to confirm/);
  });

  test('an unknown criterion is listed as unknown', async () => {
    const chart = [...nonHepatic(), ...larCourse('2025-01-01', '2026-10-01'), F.progression('2026-09-15'), F.sstrPet('positive', '2026-10-01')];
    expect(cardFor(await patientView(chart), 'second.prrt').detail).toMatch(/\? creatinine clearance: not on file/);
  });

  test('creatinine clearance 50 mL/min (PRRT criterion fails): everolimus or cabozantinib instead', async () => {
    const chart = [...eligible(), F.crcl(50, '2026-11-20')];
    const cards = await patientView(chart);
    expect(therapyCards(ruleIds(cards))).toEqual(['second.targeted']);
    expect(cardFor(cards, 'second.targeted').detail).toMatch(/✗ creatinine clearance 50 mL\/min/);
  });
});

describe('second.after-prrt', () => {
  test('progression 15 months after a PRRT course: everolimus, cabozantinib or repeat PRRT', async () => {
    const chart = [...nonHepatic(), ...larCourse('2023-06-01', '2023-12-01'), F.progression('2024-01-10'), ...prrtCourse('2024-02-01', '2024-03-28', '2024-05-23', '2024-07-18'), F.progression('2025-10-20'), F.sstrPet('positive', '2025-11-01')];
    const card = cardFor(await patientView(chart), 'second.after-prrt');
    expect(card.summary).toBe('Progression 15 months after PRRT: everolimus, cabozantinib or repeat PRRT with SSA');
  });
});

describe('second.targeted', () => {
  const afterPrrt = (progression: string) => [...nonHepatic(), ...larCourse('2023-06-01', '2023-12-01'), F.progression('2024-01-10'), ...prrtCourse('2024-02-01', '2024-03-28', '2024-05-23', '2024-07-18'), F.progression(progression)];

  test('progression 11 months after PRRT: everolimus or cabozantinib (2C)', async () => {
    const card = cardFor(await patientView(afterPrrt('2025-07-10')), 'second.targeted');
    expect(card.extension['org.netcds']).toEqual(expect.objectContaining({ grade: '2C', evidence: ['RADIANT-4', 'CABINET'] }));
    expect(card.detail).toMatch(/11 months after the last dose/);
  });

  test('progression on everolimus: switch to cabozantinib', async () => {
    const chart = [...afterPrrt('2025-07-10'), F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2025-08-01' }), F.progression('2026-08-01')];
    expect(cardFor(await patientView(chart), 'second.targeted').detail).toMatch(/switch to cabozantinib/);
  });

  test('after both agents: clinical trials; chemotherapy is not used', async () => {
    const chart = [
      ...afterPrrt('2025-07-10'),
      F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2025-08-01', status: 'completed' }),
      F.progression('2026-02-01'),
      F.medicationRequest(F.CABOZANTINIB, { authoredOn: '2026-03-01' }),
      F.progression('2026-10-01'),
    ];
    const card = cardFor(await patientView(chart), 'second.targeted');
    expect(card.summary).toBe('Progression after everolimus and cabozantinib: consider clinical trials');
    expect(card.detail).toMatch(/not used/);
  });

  test('SSTR-negative progression on SSA', async () => {
    const chart = [...nonHepatic(), F.sstrPet('negative', '2026-10-01'), ...larCourse('2025-01-01', '2026-10-01'), F.progression('2026-09-15')];
    expect(therapyCards(ruleIds(await patientView(chart)))).toEqual(['second.targeted']);
  });
});

describe('second.hormonal', () => {
  test('functional, on LAR, short-acting octreotide rescue in the last 3 months', async () => {
    const chart = [...base(), F.carcinoidSyndrome(), ...larCourse('2025-06-01', '2026-11-10'), F.medicationRequest(F.OCTREOTIDE_LAR_30, { authoredOn: '2025-06-01' }), F.administration(F.OCTREOTIDE_SHORT, '2026-10-15', F.qty(100, 'ug'))];
    const card = cardFor(await patientView(chart), 'second.hormonal');
    expect(card.detail).toMatch(/rescue used on 2026-10-15/);
    expect(card.detail).toMatch(/telotristat/);
  });

  test('rescue more than 3 months ago: no card', async () => {
    const chart = [...base(), F.carcinoidSyndrome(), ...larCourse('2025-06-01', '2026-11-10'), F.administration(F.OCTREOTIDE_SHORT, '2026-08-20', F.qty(100, 'ug'))];
    expect(ruleIds(await patientView(chart))).not.toContain('second.hormonal');
  });
});

describe('ssa.continue', () => {
  test('functional, PRRT under way (2 doses, last 2026-10-20): next dose 2026-12-15, last safe SSA 2026-11-17', async () => {
    const chart = [...nonHepatic(), F.carcinoidSyndrome(), ...larCourse('2025-01-01', '2026-07-20'), F.progression('2026-07-01'), ...prrtCourse('2026-08-25', '2026-10-20')];
    const card = cardFor(await patientView(chart), 'ssa.continue');
    expect(card.summary).toBe('Functional NET with PRRT under way: continue the SSA, last dose by 2026-11-17');
    expect(card.detail).toMatch(/Next Lu-177 dose expected: \*\*2026-12-15\*\*/);
  });

  test('non-functional: no card', async () => {
    const chart = [...nonHepatic(), F.functional(false, '2026-01-01'), ...larCourse('2025-01-01', '2026-07-20'), F.progression('2026-07-01'), ...prrtCourse('2026-08-25', '2026-10-20')];
    expect(ruleIds(await patientView(chart))).not.toContain('ssa.continue');
  });
});

describe('ssa.stop', () => {
  test('non-functional, progressed on LAR, everolimus started: stop the SSA', async () => {
    const chart = [...nonHepatic(), F.functional(false, '2025-01-01'), F.medicationRequest(F.OCTREOTIDE_LAR_30, { authoredOn: '2025-01-01' }), ...larCourse('2025-01-01', '2026-11-01'), F.progression('2026-06-10'), F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2026-07-01' })];
    const card = cardFor(await patientView(chart), 'ssa.stop');
    expect(card.summary).toBe('Non-functional NET progressed on SSA and switched to everolimus: stop the SSA');
  });

  test('functional tumour: keep the SSA', async () => {
    const chart = [...nonHepatic(), F.carcinoidSyndrome(), ...larCourse('2025-01-01', '2026-11-01'), F.progression('2026-06-10'), F.medicationRequest(F.EVEROLIMUS, { authoredOn: '2026-07-01' })];
    expect(ruleIds(await patientView(chart))).not.toContain('ssa.stop');
  });
});

describe('monitor.prrt-blood', () => {
  test('Lu-177 given, last complete count older than 6 months: warning with a CBC order', async () => {
    const chart = [...base(), ...prrtCourse('2025-01-10', '2025-03-07'), ...F.cbc('2026-04-01')];
    const card = cardFor(await patientView(chart), 'monitor.prrt-blood');
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('After Lu-177 dotatate: CBC with differential due (last complete 2026-04-01)');
    expect(card.suggestions![0]!.actions![0]!.resource).toEqual(expect.objectContaining({ resourceType: 'ServiceRequest' }));
  });

  test('a complete count 5 months ago: no card', async () => {
    expect(ruleIds(await patientView([...base(), ...prrtCourse('2025-01-10'), ...F.cbc('2026-07-01')]))).not.toContain('monitor.prrt-blood');
  });

  test('monitoring follows the Lu-177 history whatever the scope (pancreatic NET)', async () => {
    const cards = await patientView([F.patient(), F.pancreaticNet(), ...prrtCourse('2025-01-10')]);
    expect(ruleIds(cards)).toEqual(['monitor.prrt-blood', 'monitor.prrt-kidney', 'scope.pancreatic']);
  });
});

describe('monitor.prrt-kidney', () => {
  test('first year after the last dose: a test older than 3 months is due', async () => {
    const chart = [...base(), ...prrtCourse('2026-03-01'), F.creatinine(0.9, '2026-07-01'), ...F.cbc('2026-11-01')];
    const card = cardFor(await patientView(chart), 'monitor.prrt-kidney');
    expect(card.summary).toBe('After Lu-177 dotatate: kidney function check due (every 3 months now)');
  });

  test('after the first year and normal: 6-monthly, a test 4 months ago is enough', async () => {
    const chart = [...base(), ...prrtCourse('2024-03-01'), F.crcl(80, '2024-02-01'), F.crcl(78, '2026-07-20'), ...F.cbc('2026-11-01')];
    expect(ruleIds(await patientView(chart))).not.toContain('monitor.prrt-kidney');
  });

  test('a fall of more than 20 % from before PRRT makes it 3-monthly', async () => {
    const chart = [...base(), ...prrtCourse('2024-03-01'), F.crcl(90, '2024-02-01'), F.crcl(70, '2026-07-20'), ...F.cbc('2026-11-01')];
    expect(cardFor(await patientView(chart), 'monitor.prrt-kidney').detail).toMatch(/fallen more than 20 %/);
  });
});

describe('monitor.prrt-hematology', () => {
  test('grade 2 thrombocytopenia after PRRT: refer to haematology', async () => {
    const chart = [...base(), ...prrtCourse('2025-06-01'), ...F.cbc('2026-11-01', { plt: 60 }), F.creatinine(0.9, '2026-11-01')];
    const card = cardFor(await patientView(chart), 'monitor.prrt-hematology');
    expect(card.detail).toMatch(/platelets 60 10\^3\/µL \(CTCAE v5.0 grade 2\)/);
    expect(card.suggestions![0]!.label).toBe('Refer to haematology');
  });

  test('isolated lymphopenia: no card', async () => {
    const chart = [...base(), ...prrtCourse('2025-06-01'), ...F.cbc('2026-11-01', { lym: 0.3 }), F.creatinine(0.9, '2026-11-01')];
    expect(ruleIds(await patientView(chart))).not.toContain('monitor.prrt-hematology');
  });
});

describe('trials.consider', () => {
  test('in-scope GI NET: an absolute link to a trial-registry search', async () => {
    const card = cardFor(await patientView(base()), 'trials.consider');
    expect(card.indicator).toBe('info');
    expect(card.links).toEqual([expect.objectContaining({ url: expect.stringMatching(/^https:\/\/clinicaltrials\.gov\/search\?cond=Neuroendocrine/), type: 'absolute' })]);
  });

  test('out of scope (G3): no trials card', async () => {
    expect(ruleIds(await patientView([F.patient(), F.ileumNet(), F.ki67(30, '2026-01-01')]))).not.toContain('trials.consider');
  });
});
