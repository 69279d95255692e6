/**
 * Benchmark requests: synthetic charts (no real data) turned into hook requests with full
 * prefetch, exactly as a conformant EHR would send them (the service's own templates run
 * against an in-memory FHIR store).
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../src/fhir-mapping/fhir-access.js';
import { MemoryFhirStore } from '../src/fhir-store/memory-search.js';
import { fillTemplate, PREFETCH, PREFETCH_KEYS } from '../src/hooks/prefetch-templates.js';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
export const PATIENT_ID = 'bench-1';
const subject = { reference: `Patient/${PATIENT_ID}` };
let n = 0;
const id = (p: string) => `${p}-${++n}`;
const cc = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }], text: display });

const obs = (code: string, display: string, date: string, value: Json, extra: Json = {}): Json => ({
  resourceType: 'Observation',
  id: id('obs'),
  status: 'final',
  subject,
  code: cc(LOINC, code, display),
  effectiveDateTime: date,
  ...value,
  ...extra,
});
const q = (value: number, code: string) => ({ valueQuantity: { value, unit: code, system: UCUM, code } });
const cond = (code: string, display: string): Json => ({
  resourceType: 'Condition',
  id: id('cond'),
  subject,
  clinicalStatus: cc('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active'),
  code: cc(ICD, code, display),
  onsetDateTime: '2023-01-10',
});

function monthly(start: string, count: number, every = 28): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.parse(`${start}T00:00:00Z`) + i * every * 86_400_000).toISOString().slice(0, 10));
}

/** A metastatic ileal NET with three years of history: about 300 resources. */
export function netChart(): Json[] {
  const chart: Json[] = [
    { resourceType: 'Patient', id: PATIENT_ID, gender: 'male', birthDate: '1960-02-01' },
    cond('C7A.012', 'Malignant carcinoid tumor of the ileum'),
    cond('C7B.02', 'Secondary carcinoid tumors of liver'),
    cond('C7B.01', 'Secondary carcinoid tumors of distant lymph nodes'),
    cond('E34.00', 'Carcinoid syndrome, unspecified'),
    cond('I10', 'Essential hypertension'),
    obs('29593-1', 'Ki-67', '2023-01-20', q(6, '%')),
    obs('97509-4', 'Disease status', '2026-09-15', { valueCodeableConcept: cc(SNOMED, '271299001', 'Worsened') }),
    { resourceType: 'Observation', id: id('obs'), status: 'final', subject, category: [cc('http://terminology.hl7.org/CodeSystem/observation-category', 'imaging', 'Imaging')], code: { text: 'Ga-68 DOTATATE PET-CT' }, effectiveDateTime: '2026-10-05', valueCodeableConcept: cc(SNOMED, '10828004', 'Positive') },
  ];
  for (const date of monthly('2023-12-01', 36)) {
    chart.push({ resourceType: 'MedicationAdministration', id: id('ma'), status: 'completed', subject, medicationCodeableConcept: cc(RX, '898601', 'Octreotide 12 MG/ML Injectable Suspension'), effectiveDateTime: date, dosage: { dose: { value: 30, unit: 'mg', system: UCUM, code: 'mg' } } });
    chart.push(obs('777-3', 'Platelets', date, q(210, '10*3/uL')));
    chart.push(obs('718-7', 'Hemoglobin', date, q(13.1, 'g/dL')));
    chart.push(obs('751-8', 'Neutrophils', date, q(3.9, '10*3/uL')));
    chart.push(obs('6690-2', 'Leukocytes', date, q(6.1, '10*3/uL')));
    chart.push(obs('2160-0', 'Creatinine', date, q(0.95, 'mg/dL')));
    chart.push(obs('29463-7', 'Body weight', date, q(78, 'kg')));
  }
  for (const date of monthly('2024-01-05', 12, 90)) chart.push(obs('89243-0', 'Karnofsky', date, { valueInteger: 80 }));
  for (const date of monthly('2023-06-01', 12, 60)) chart.push({ resourceType: 'MedicationRequest', id: id('mr'), status: 'completed', intent: 'order', subject, medicationCodeableConcept: cc(RX, '197361', 'amlodipine 5 MG Oral Tablet'), authoredOn: date });
  return chart;
}

export function nonNetChart(): Json[] {
  return [
    { resourceType: 'Patient', id: PATIENT_ID, gender: 'female', birthDate: '1975-05-05' },
    cond('I10', 'Essential hypertension'),
    cond('E11.9', 'Type 2 diabetes mellitus without complications'),
    obs('2160-0', 'Creatinine', '2026-10-01', q(0.8, 'mg/dL')),
    obs('718-7', 'Hemoglobin', '2026-10-01', q(13.5, 'g/dL')),
  ];
}

export function prefetchFor(chart: Json[]): Record<string, unknown> {
  const store = new MemoryFhirStore(chart);
  return Object.fromEntries(
    PREFETCH_KEYS.map((key) => {
      const result = store.handle(fillTemplate(PREFETCH[key].template, { patientId: PATIENT_ID }), 'https://ehr.example.org/fhir');
      return [key, result.status === 200 ? result.body : null];
    }),
  );
}

export function patientView(chart: Json[] | undefined, fhirServer?: string): string {
  return JSON.stringify({
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/bench', patientId: PATIENT_ID },
    ...(chart ? { prefetch: prefetchFor(chart) } : {}),
    ...(fhirServer ? { fhirServer, fhirAuthorization: { access_token: 'bench-token', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'netcds' } } : {}),
  });
}

export function lu177OrderSelect(chart: Json[]): string {
  const order = { resourceType: 'MedicationRequest', id: 'lu-bench', status: 'draft', intent: 'order', subject, medicationCodeableConcept: cc(RX, '1999682', 'Lutathera'), dosageInstruction: [{ timing: { event: ['2026-12-10'] }, doseAndRate: [{ doseQuantity: { value: 7.4, unit: 'GBq', system: UCUM, code: 'GBq' } }] }] };
  return JSON.stringify({
    hook: 'order-select',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/bench', patientId: PATIENT_ID, selections: ['MedicationRequest/lu-bench'], draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] } },
    prefetch: prefetchFor(chart),
  });
}
