/**
 * What a medication record (MedicationRequest, MedicationAdministration, MedicationStatement,
 * or a ServiceRequest/Procedure for PRRT) is about: the NET-relevant agent and, for
 * octreotide, whether it is the long-acting formulation. Codes decide first; names are a
 * fallback (text-patterns.ts). Lu-177 vipivotide tetraxetan (Pluvicto), alpha emitters and
 * diagnostic tracers are never Lu-177 dotatate.
 */
import type { Quantity } from 'fhir/r4.js';
import { asArray, asQuantity, asString, isObject, textsOf, type Json } from './fhir-access.js';
import { MEDICATION_NAMES, namesLu177Dotatate } from './text-patterns.js';
import { convertQuantity } from './units.js';
import { valueSetsOf, type ValueSetName } from './valuesets.js';
import type { SsaFormulation } from './facts.js';

export type Agent =
  | 'octreotide'
  | 'lanreotide'
  | 'lu177-dotatate'
  | 'everolimus'
  | 'cabozantinib'
  | 'telotristat'
  | 'surufatinib'
  | 'interferon-alfa'
  | 'chemotherapy'
  | 'y90-dotatoc'
  | 'investigational';

export interface MedicationIdentity {
  agent: Agent;
  /** Octreotide and lanreotide only. */
  formulation?: SsaFormulation;
  /** A short human name for cards. */
  display: string;
}

/** Medication resources by `Medication/id` (fetched) — contained ones are looked up on the resource. */
export type MedicationLookup = ReadonlyMap<string, Json>;

const BY_VALUE_SET: Array<[ValueSetName, Agent]> = [
  ['lu177Dotatate', 'lu177-dotatate'],
  ['octreotideLongActing', 'octreotide'],
  ['octreotideShortActing', 'octreotide'],
  ['octreotideUnspecified', 'octreotide'],
  ['lanreotide', 'lanreotide'],
  ['everolimus', 'everolimus'],
  ['cabozantinib', 'cabozantinib'],
  ['telotristat', 'telotristat'],
  ['surufatinib', 'surufatinib'],
  ['interferonAlfa', 'interferon-alfa'],
  ['chemotherapy', 'chemotherapy'],
];

const BY_NAME: Array<[RegExp, Agent]> = [
  [MEDICATION_NAMES.y90Dotatoc, 'y90-dotatoc'],
  [MEDICATION_NAMES.investigational, 'investigational'],
  [MEDICATION_NAMES.octreotide, 'octreotide'],
  [MEDICATION_NAMES.lanreotide, 'lanreotide'],
  [MEDICATION_NAMES.everolimus, 'everolimus'],
  [MEDICATION_NAMES.cabozantinib, 'cabozantinib'],
  [MEDICATION_NAMES.telotristat, 'telotristat'],
  [MEDICATION_NAMES.surufatinib, 'surufatinib'],
  [MEDICATION_NAMES.interferonAlfa, 'interferon-alfa'],
  [MEDICATION_NAMES.chemotherapy, 'chemotherapy'],
];

const DISPLAY: Record<Agent, string> = {
  octreotide: 'octreotide',
  lanreotide: 'lanreotide',
  'lu177-dotatate': 'Lu-177 dotatate',
  everolimus: 'everolimus',
  cabozantinib: 'cabozantinib',
  telotristat: 'telotristat',
  surufatinib: 'surufatinib',
  'interferon-alfa': 'interferon alfa',
  chemotherapy: 'chemotherapy',
  'y90-dotatoc': 'Y-90 dotatoc',
  investigational: 'investigational agent',
};

/** The medication concept of a record: medicationCodeableConcept, a contained or fetched Medication, or the reference display. */
export function medicationConcept(resource: Json, lookup: MedicationLookup): unknown {
  if (resource.medicationCodeableConcept !== undefined) return resource.medicationCodeableConcept;
  const ref = isObject(resource.medicationReference) ? resource.medicationReference : undefined;
  if (ref) {
    const reference = asString(ref.reference);
    if (reference?.startsWith('#')) {
      const contained = asArray<Json>(resource.contained).find((c) => isObject(c) && c.id === reference.slice(1));
      if (contained) return contained.code;
    } else if (reference) {
      const med = lookup.get(reference) ?? lookup.get(reference.replace(/^.*\/(Medication\/[^/]+)$/, '$1'));
      if (med) return med.code;
    }
    const display = asString(ref.display);
    if (display) return { text: display };
  }
  // ServiceRequest and Procedure name the therapy in `code`.
  return resource.code;
}

/** Identify the agent of a record; undefined when it is not a NET-relevant therapy. */
export function identifyMedication(resource: Json, lookup: MedicationLookup): MedicationIdentity | undefined {
  const concept = medicationConcept(resource, lookup);
  const sets = valueSetsOf(concept);
  const texts = textsOf(concept);
  const allText = texts.join(' ');
  // Everolimus as a transplant immunosuppressant (ATC L04AH02, Zortress, Certican) is not NET therapy.
  if (sets.has('everolimusTransplant') || MEDICATION_NAMES.everolimusTransplant.test(allText)) return undefined;
  let agent: Agent | undefined;
  for (const [set, a] of BY_VALUE_SET) {
    if (sets.has(set)) {
      agent = a;
      break;
    }
  }
  if (agent === undefined) {
    if (namesLu177Dotatate(allText)) agent = 'lu177-dotatate';
    else agent = BY_NAME.find(([pattern]) => pattern.test(allText))?.[1];
  }
  if (agent === undefined) return undefined;
  const identity: MedicationIdentity = { agent, display: DISPLAY[agent] };
  if (agent === 'lanreotide') identity.formulation = 'long-acting';
  if (agent === 'octreotide') identity.formulation = octreotideFormulation(sets, allText, resource);
  if (agent === 'octreotide') identity.display = identity.formulation === 'long-acting' ? 'octreotide LAR' : identity.formulation === 'short-acting' ? 'short-acting octreotide' : 'octreotide (formulation not stated)';
  return identity;
}

function octreotideFormulation(sets: ReadonlySet<ValueSetName>, text: string, resource: Json): SsaFormulation {
  if (sets.has('octreotideLongActing')) return 'long-acting';
  if (sets.has('octreotideShortActing')) return 'short-acting';
  if (MEDICATION_NAMES.longActingMarker.test(text)) return 'long-acting';
  const route = routeText(resource);
  if (/intramuscular|\bim\b/i.test(route)) return 'long-acting';
  if (/subcutaneous|\bsc\b|\bsq\b|\bs\.c\.|intravenous|\biv\b/i.test(route)) return 'short-acting';
  const doseMg = doseInMg(resource);
  if (doseMg !== undefined) {
    if (doseMg >= 5) return 'long-acting';
    if (doseMg <= 1.5) return 'short-acting';
  }
  return 'unspecified';
}

function dosageEntries(resource: Json): Json[] {
  const single = isObject(resource.dosage) ? [resource.dosage] : [];
  return [...asArray<Json>(resource.dosageInstruction), ...single].filter(isObject);
}

function routeText(resource: Json): string {
  return dosageEntries(resource)
    .flatMap((d) => [...textsOf(d.route), ...(isObject(d.route) ? asArray<Json>(d.route.coding).map((c) => String(c?.code ?? '')) : [])])
    .join(' ');
}

/** The dose of the first dosage entry as a Quantity (dosageInstruction.doseAndRate or dosage.dose). */
export function doseQuantity(resource: Json): Quantity | undefined {
  for (const d of dosageEntries(resource)) {
    const direct = asQuantity(d.dose);
    if (direct) return direct;
    for (const dr of asArray<Json>(d.doseAndRate)) {
      const q = isObject(dr) ? asQuantity(dr.doseQuantity) : undefined;
      if (q) return q;
    }
  }
  return undefined;
}

export function doseInMg(resource: Json): number | undefined {
  const q = doseQuantity(resource);
  return q ? convertQuantity(q, 'mg') : undefined;
}

/** Administered or ordered radioactivity in integer MBq (GBq, MBq, mCi through UCUM). */
export function activityInMBq(resource: Json): number | undefined {
  const q = doseQuantity(resource);
  if (!q) return undefined;
  const mbq = convertQuantity(q, 'MBq');
  return mbq === undefined ? undefined : Math.round(mbq);
}

/** Interval between doses in days from timing.repeat (period/periodUnit/frequency). */
export function dosingIntervalDays(resource: Json): number | undefined {
  for (const d of dosageEntries(resource)) {
    const repeat = isObject(d.timing) && isObject(d.timing.repeat) ? d.timing.repeat : undefined;
    if (!repeat) continue;
    const period = typeof repeat.period === 'number' ? repeat.period : undefined;
    const unit = asString(repeat.periodUnit);
    const frequency = typeof repeat.frequency === 'number' && repeat.frequency > 0 ? repeat.frequency : 1;
    if (period === undefined || unit === undefined) continue;
    const days: Record<string, number> = { d: 1, wk: 7, mo: 30.4375, a: 365.25, h: 1 / 24 };
    const perUnit = days[unit];
    if (perUnit === undefined) continue;
    return Number(((period * perUnit) / frequency).toFixed(2));
  }
  return undefined;
}
