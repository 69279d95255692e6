/**
 * Patient vignettes: one clinical case per branch of the algorithm, written as FHIR charts.
 * `UPDATE_VIGNETTES=1 npm test -- test/vignettes` writes them out as JSON files next to this
 * one (and the demo patients as FHIR Bundles under demo/patients/); the runner then executes
 * the JSON — what is published is what is tested.
 */
import type { FhirResource } from 'fhir/r4.js';
import * as F from '../fixtures/fhir.js';

export interface ExpectedCard {
  ruleId: string;
  indicator: 'info' | 'warning' | 'critical';
  /** Substrings the summary must contain (dates, numbers). */
  summaryIncludes?: string[];
}

export interface Vignette {
  id: string;
  title: string;
  description: string;
  hook: 'patient-view' | 'order-select' | 'order-sign';
  chart: FhirResource[];
  draftOrders?: FhirResource[];
  /** The cards, in order. */
  expected: ExpectedCard[];
  /** Also published as a demo patient (issue #9). */
  demo?: boolean;
}

const man = (birth = '1960-02-01') => F.patient({ birthDate: birth, gender: 'male' });
const woman = (birth = '1962-07-15') => F.patient({ birthDate: birth, gender: 'female' });
const lars = (...dates: string[]) => dates.map((d) => F.larDose(d));
const prrt = (...dates: string[]) => dates.map((d) => F.lu177Dose(d));
const monthly = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 28 * i);
    return d.toISOString().slice(0, 10);
  });

export const VIGNETTES: Vignette[] = [
  {
    id: 'surveillance',
    title: 'Asymptomatic, low-volume ileal NET',
    description: 'A 64-year-old woman with a G1 ileal NET and two small liver metastases, no symptoms, low burden, SSTR-positive; no therapy yet.',
    hook: 'patient-view',
    demo: true,
    chart: [woman(), F.ileumNet('2026-05-02'), F.liverMets('2026-05-02'), F.ki67(2, '2026-05-10'), F.sstrPet('positive', '2026-05-20'), F.symptoms(false, '2026-06-01'), F.functional(false, '2026-06-01'), F.burden('low', '2026-06-01'), F.resectability('unresectable', '2026-06-01')],
    expected: [
      { ruleId: 'initial.surveillance', indicator: 'info', summaryIncludes: ['surveillance', '2C'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'ssa-first-line',
    title: 'Carcinoid syndrome, SSTR-positive G1 NET',
    description: 'A 66-year-old man with a metastatic ileal NET (Ki-67 4 %), carcinoid syndrome, unresectable liver and nodal disease; SSTR PET positive; untreated.',
    hook: 'patient-view',
    demo: true,
    chart: [man(), F.ileumNet('2026-08-01'), F.liverMets('2026-08-01'), F.nodeMets('2026-08-01'), F.carcinoidSyndrome('E34.00', '2026-08-01'), F.ki67(4, '2026-08-10'), F.sstrPet('positive', '2026-08-20'), F.burden('high', '2026-09-01')],
    expected: [
      { ruleId: 'initial.ssa', indicator: 'info', summaryIncludes: ['somatostatin analogue', '2B'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'ssa-plus-prrt',
    title: 'Higher G2 NET with bulky disease',
    description: 'A 58-year-old woman with a jejunal NET, Ki-67 14 %, bulky liver and nodal disease, SSTR-positive; untreated.',
    hook: 'patient-view',
    demo: true,
    chart: [woman('1968-03-03'), F.condition({ code: F.cc(F.ICD10CM, 'C7A.011', 'Malignant carcinoid tumor of the jejunum'), onset: '2026-09-01' }), F.liverMets('2026-09-01'), F.nodeMets('2026-09-01'), F.ki67(14, '2026-09-05'), F.sstrPet('positive', '2026-09-15'), F.bulky(true, '2026-09-20'), F.symptoms(true, '2026-09-20')],
    expected: [
      { ruleId: 'initial.ssa-prrt', indicator: 'info', summaryIncludes: ['Ki-67 10–20 %'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'sstr-negative',
    title: 'SSTR-negative symptomatic NET',
    description: 'A 70-year-old man with a rectal NET, Ki-67 8 %, symptomatic liver metastases without uptake on Ga-68 DOTATATE PET.',
    hook: 'patient-view',
    demo: true,
    chart: [man('1956-01-20'), F.condition({ code: F.cc(F.ICD10CM, 'C7A.026', 'Malignant carcinoid tumor of the rectum'), onset: '2026-06-01' }), F.liverMets('2026-06-01'), F.ki67(8, '2026-06-10'), F.sstrPet('negative', '2026-06-20'), F.symptoms(true, '2026-07-01')],
    expected: [
      { ruleId: 'initial.sstr-negative', indicator: 'info', summaryIncludes: ['everolimus or cabozantinib'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'progression-on-ssa',
    title: 'Progression on octreotide LAR',
    description: 'A 66-year-old man on octreotide LAR since 2025 whose liver and nodal disease progressed in September 2026; SSTR-positive again in October; kidneys, performance status and blood count fine.',
    hook: 'patient-view',
    demo: true,
    chart: [man(), F.ileumNet('2024-11-01'), F.liverMets('2024-11-01'), F.nodeMets('2024-11-01'), F.ki67(6, '2024-11-10'), F.functional(false, '2024-12-01'), ...lars(...monthly('2025-01-06', 23)), F.progression('2026-09-15'), F.sstrPet('positive', '2026-10-05'), F.crcl(82, '2026-11-10'), F.karnofsky(80, '2026-11-10'), ...F.cbc('2026-11-10')],
    expected: [
      { ruleId: 'second.prrt', indicator: 'info', summaryIncludes: ['2026-09-15', 'NETTER-1'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'progression-hepatic',
    title: 'Liver-only progression on lanreotide',
    description: 'A 61-year-old woman on lanreotide whose liver-only disease progressed.',
    hook: 'patient-view',
    chart: [woman('1965-05-05'), F.ileumNet('2024-02-01'), F.liverMets('2024-02-01'), F.ki67(5, '2024-02-10'), F.sstrPet('positive', '2024-02-20'), F.medicationRequest(F.LANREOTIDE_120, { authoredOn: '2024-03-01' }), F.progression('2026-08-01')],
    expected: [
      { ruleId: 'second.hepatic', indicator: 'info', summaryIncludes: ['liver-directed'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'durable-prrt-response',
    title: 'Progression 15 months after PRRT',
    description: 'SSA then four doses of Lu-177 dotatate in 2024; progression in October 2025, SSTR-positive.',
    hook: 'patient-view',
    demo: true,
    chart: [man('1955-09-09'), F.ileumNet('2023-01-01'), F.liverMets('2023-01-01'), F.nodeMets('2023-01-01'), F.ki67(7, '2023-01-10'), ...lars('2023-06-01', '2023-07-01', '2023-08-01', '2023-12-01'), F.progression('2024-01-10'), ...prrt('2024-02-01', '2024-03-28', '2024-05-23', '2024-07-18'), F.progression('2025-10-20'), F.sstrPet('positive', '2025-11-01'), ...F.cbc('2026-10-01'), F.creatinine(0.9, '2026-10-01')],
    expected: [
      { ruleId: 'second.after-prrt', indicator: 'info', summaryIncludes: ['15 months'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'early-progression-after-prrt',
    title: 'Progression 8 months after PRRT, overdue monitoring',
    description: 'Progression soon after a PRRT course; no blood count for 8 months and no kidney test since the spring.',
    hook: 'patient-view',
    chart: [man('1958-04-04'), F.ileumNet('2024-01-01'), F.liverMets('2024-01-01'), F.nodeMets('2024-01-01'), F.ki67(9, '2024-01-10'), F.sstrPet('positive', '2025-01-05'), ...lars('2024-02-01', '2024-06-01', '2024-12-01'), F.progression('2024-12-20'), ...prrt('2025-02-01', '2025-03-28', '2025-05-23', '2025-07-18'), F.progression('2026-03-20'), ...F.cbc('2026-03-01'), F.creatinine(1.0, '2026-04-01')],
    expected: [
      { ruleId: 'monitor.prrt-blood', indicator: 'warning', summaryIncludes: ['2026-03-01'] },
      { ruleId: 'monitor.prrt-kidney', indicator: 'warning', summaryIncludes: ['every 6 months'] },
      { ruleId: 'second.targeted', indicator: 'info' },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'prrt-ineligible-kidney',
    title: 'Progression on SSA with creatinine clearance 42 mL/min',
    description: 'Progression on octreotide LAR; Cockcroft–Gault 42 mL/min: PRRT is not possible, everolimus or cabozantinib instead.',
    hook: 'patient-view',
    chart: [man('1950-01-01'), F.ileumNet('2024-01-01'), F.liverMets('2024-01-01'), F.nodeMets('2024-01-01'), F.ki67(5, '2024-01-10'), ...lars('2025-01-06', '2025-06-01', '2026-06-01', '2026-09-01'), F.progression('2026-09-20'), F.sstrPet('positive', '2026-10-01'), F.creatinine(1.5, '2026-11-15'), F.weight(60, '2026-11-15')],
    expected: [
      { ruleId: 'second.targeted', indicator: 'info', summaryIncludes: ['everolimus or cabozantinib'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'on-therapy',
    title: 'Stable on lanreotide',
    description: 'Lanreotide since March 2025, no progression recorded.',
    hook: 'patient-view',
    chart: [woman(), F.ileumNet('2025-01-01'), F.liverMets('2025-01-01'), F.ki67(3, '2025-01-10'), F.sstrPet('positive', '2025-02-01'), F.symptoms(true, '2025-02-01'), F.medicationRequest(F.LANREOTIDE_120, { authoredOn: '2025-03-03' })],
    expected: [
      { ruleId: 'current.on-therapy', indicator: 'info', summaryIncludes: ['since 2025-03-03'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'prrt-under-way-functional',
    title: 'Functional NET midway through PRRT',
    description: 'Carcinoid syndrome; two of four Lu-177 dotatate doses given, the last on 2026-10-20.',
    hook: 'patient-view',
    chart: [woman('1959-12-12'), F.ileumNet('2024-01-01'), F.liverMets('2024-01-01'), F.nodeMets('2024-01-01'), F.carcinoidSyndrome(), F.ki67(6, '2024-01-10'), ...lars(...monthly('2025-01-06', 20)), F.progression('2026-07-01'), F.sstrPet('positive', '2026-07-15'), ...prrt('2026-08-25', '2026-10-20'), ...F.cbc('2026-11-15'), F.creatinine(0.8, '2026-11-15')],
    expected: [
      { ruleId: 'current.on-therapy', indicator: 'info', summaryIncludes: ['PRRT'] },
      { ruleId: 'ssa.continue', indicator: 'info', summaryIncludes: ['2026-11-17'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'resectable-liver',
    title: 'Potentially resectable liver metastases',
    description: 'A small-bowel NET with a few liver metastases judged potentially resectable.',
    hook: 'patient-view',
    chart: [man('1970-10-10'), F.ileumNet('2026-09-01'), F.liverMets('2026-09-01'), F.ki67(3, '2026-09-10'), F.sstrPet('positive', '2026-09-20'), F.resectability('potentially-resectable', '2026-10-01'), F.symptoms(false, '2026-10-01')],
    expected: [
      { ruleId: 'initial.resection', indicator: 'info', summaryIncludes: ['metastasectomy'] },
      { ruleId: 'trials.consider', indicator: 'info' },
    ],
  },
  {
    id: 'pancreatic',
    title: 'Pancreatic NET (out of scope)',
    description: 'A pancreatic NET: this GI NET guidance does not apply.',
    hook: 'patient-view',
    demo: true,
    chart: [woman('1966-01-01'), F.pancreaticNet('2025-05-01'), F.liverMets('2025-05-01'), F.ki67(6, '2025-05-10')],
    expected: [{ ruleId: 'scope.pancreatic', indicator: 'info' }],
  },
  {
    id: 'high-grade',
    title: 'G3 NET (out of scope)',
    description: 'An ileal NET with Ki-67 35 %.',
    hook: 'patient-view',
    chart: [man('1961-01-01'), F.ileumNet('2026-01-01'), F.liverMets('2026-01-01'), F.ki67(35, '2026-01-10')],
    expected: [{ ruleId: 'scope.high-grade', indicator: 'info' }],
  },
  {
    id: 'no-net',
    title: 'No neuroendocrine tumour',
    description: 'Hypertension and type 2 diabetes: the service stays quiet.',
    hook: 'patient-view',
    demo: true,
    chart: [man('1965-06-06'), F.condition({ code: F.cc(F.ICD10CM, 'I10', 'Essential (primary) hypertension') }), F.condition({ code: F.cc(F.ICD10CM, 'E11.9', 'Type 2 diabetes mellitus without complications') }), F.creatinine(1.0, '2026-10-01')],
    expected: [],
  },
  {
    id: 'lu177-eligible',
    title: 'Lu-177 dotatate order, every criterion verified',
    description: 'The patient of progression-on-ssa: a Lu-177 dotatate 7.4 GBq order planned for 2026-12-10.',
    hook: 'order-sign',
    chart: [man(), F.ileumNet('2024-11-01'), F.liverMets('2024-11-01'), F.nodeMets('2024-11-01'), F.ki67(6, '2024-11-10'), F.functional(false, '2024-12-01'), ...lars(...monthly('2025-01-06', 22)), F.progression('2026-09-15'), F.sstrPet('positive', '2026-10-05'), F.crcl(82, '2026-11-20'), F.karnofsky(80, '2026-11-10'), ...F.cbc('2026-11-20')],
    draftOrders: [F.medicationRequest(F.LUTATHERA, { id: 'lu177-order', status: 'draft', plannedDate: '2026-12-10', dose: F.qty(7.4, 'GBq') })],
    expected: [{ ruleId: 'prrt.checklist', indicator: 'info', summaryIncludes: ['verified'] }],
  },
  {
    id: 'lu177-washout',
    title: 'Lu-177 dotatate ordered 3 weeks after octreotide LAR',
    description: 'The last octreotide LAR injection was on 2026-11-20; Lu-177 dotatate is ordered for 2026-12-10.',
    hook: 'order-select',
    demo: true,
    chart: [man(), F.ileumNet('2024-11-01'), F.liverMets('2024-11-01'), F.nodeMets('2024-11-01'), F.ki67(6, '2024-11-10'), F.carcinoidSyndrome(), ...lars(...monthly('2025-01-06', 23)), F.larDose('2026-11-20'), F.progression('2026-09-15'), F.sstrPet('positive', '2026-10-05'), F.crcl(82, '2026-11-20'), F.karnofsky(80, '2026-11-10'), ...F.cbc('2026-11-20')],
    draftOrders: [F.medicationRequest(F.LUTATHERA, { id: 'lu177-order', status: 'draft', plannedDate: '2026-12-10', dose: F.qty(7.4, 'GBq') })],
    expected: [
      { ruleId: 'prrt.ssa-washout', indicator: 'warning', summaryIncludes: ['20 days', '2026-12-18'] },
      { ruleId: 'prrt.reminders', indicator: 'info' },
    ],
  },
  {
    id: 'lu177-ineligible',
    title: 'Lu-177 dotatate for a frail patient with poor kidney function and thrombocytopenia',
    description: 'Creatinine clearance 38 mL/min, ECOG 3, platelets 42 × 10^9/L: not eligible for PRRT.',
    hook: 'order-sign',
    demo: true,
    chart: [woman('1948-02-02'), F.ileumNet('2023-01-01'), F.liverMets('2023-01-01'), F.boneMets('2023-01-01'), F.ki67(9, '2023-01-10'), ...lars('2025-01-06', '2025-08-01', '2026-03-01', '2026-09-01'), F.progression('2026-10-01'), F.sstrPet('positive', '2026-10-20'), F.crcl(38, '2026-11-20'), F.ecog(3, '2026-11-20'), ...F.cbc('2026-11-20', { plt: 42 })],
    draftOrders: [F.medicationRequest(F.LUTATHERA, { id: 'lu177-order', status: 'draft', dose: F.qty(200, 'mCi') })],
    expected: [
      { ruleId: 'prrt.kidney', indicator: 'critical', summaryIncludes: ['38 mL/min'] },
      { ruleId: 'prrt.performance', indicator: 'critical', summaryIncludes: ['ECOG 3'] },
      { ruleId: 'prrt.marrow', indicator: 'critical', summaryIncludes: ['2026-11-20'] },
      { ruleId: 'prrt.reminders', indicator: 'info' },
    ],
  },
  {
    id: 'ssa-before-planned-prrt',
    title: 'Octreotide LAR ordered 12 days before a planned Lu-177 dose',
    description: 'Mid-course (dose 2 on 2026-10-15, next expected 2026-12-10); octreotide LAR is ordered for 2026-11-28.',
    hook: 'order-select',
    chart: [man(), F.ileumNet('2024-11-01'), F.liverMets('2024-11-01'), F.nodeMets('2024-11-01'), F.ki67(6, '2024-11-10'), F.carcinoidSyndrome(), ...lars(...monthly('2025-01-06', 20)), F.progression('2026-07-01'), F.sstrPet('positive', '2026-07-15'), ...prrt('2026-08-20', '2026-10-15')],
    draftOrders: [F.medicationRequest(F.OCTREOTIDE_LAR_30, { id: 'lar-order', status: 'draft', plannedDate: '2026-11-28', dose: F.qty(30, 'mg') })],
    expected: [{ ruleId: 'order.ssa-before-prrt', indicator: 'warning', summaryIncludes: ['2026-12-10', '2026-11-12'] }],
  },
];
