/**
 * The chart as the mapping receives it, and its index: every resource is looked at once,
 * filtered by status and sorted into the buckets the derivations read.
 */
import { asString, isObject, referenceTo, textsOf, type Json } from './fhir-access.js';
import {
  isActiveCondition,
  isUsableObservation,
  isUsableReport,
  resultDateAndInstant,
} from './resource-hygiene.js';
import { namesImmunohistochemistry, namesMitoticCount, namesSomatostatinReceptor, namesSstrTracer } from './text-patterns.js';
import { valueSetsOf, type ValueSetName } from './valuesets.js';
import { OBSERVATION_CATEGORY, V2_DIAGNOSTIC_SERVICE, LOINC } from './code-systems.js';
import { codingsOf } from './fhir-access.js';

/** Groups of chart data that can be missing independently (a failed FHIR query, a null prefetch is not missing). */
export type DataGroup = 'observations' | 'imaging' | 'medications' | 'procedures' | 'orders';

export interface ChartData {
  patient?: Json;
  /** Every other resource of the chart (Bundles already unwrapped). */
  resources: readonly Json[];
  /** Groups that could not be obtained: facts read from them are unknown, not absent. */
  unavailable: ReadonlySet<DataGroup>;
}

export interface DatedResult {
  resource: Json;
  /** ISO date; results without a usable date are kept out (they cannot be ordered or judged fresh). */
  date: string;
  instant: number;
  reference?: string;
}

export interface ChartIndex {
  patient?: Json;
  unavailable: ReadonlySet<DataGroup>;
  conditions: Json[];
  results: Map<ValueSetName, DatedResult[]>;
  /** SSTR imaging Observations and DiagnosticReports. */
  sstrImaging: DatedResult[];
  mitoticCounts: DatedResult[];
  medicationRecords: Json[];
  procedures: Json[];
  serviceRequests: Json[];
  medications: Map<string, Json>;
}

/**
 * The coded Observations the mapping reads, grouped as the prefetch templates fetch them
 * (pathology, labs, assessments). One list, so a value set added to the mapping is also fetched.
 */
export const OBSERVATION_VALUE_SETS = {
  pathology: ['ki67', 'histologicGrade', 'mitoticCount'],
  labs: [
    'creatinineClearance',
    'creatinineClearanceCockcroftGault',
    'egfr',
    'creatinine',
    'platelets',
    'hemoglobin',
    'neutrophils',
    'lymphocytes',
    'leukocytes',
    'pregnancyStatus',
    'hcgQualitative',
    'hcgQuantitative',
    'bodyWeight',
    'bodyHeight',
  ],
  assessments: [
    'karnofsky',
    'ecog',
    'diseaseStatus',
    'distantMetastasisStage',
    'tumorBurden',
    'extrahepaticBurden',
    'bulkyDisease',
    'resectability',
    'diseaseRelatedSymptoms',
    'functional',
    'refractoryHormonalSymptoms',
    'reproductivePotential',
  ],
} as const satisfies Record<string, readonly ValueSetName[]>;

const OBSERVATION_SETS_READ: ReadonlySet<ValueSetName> = new Set<ValueSetName>(Object.values(OBSERVATION_VALUE_SETS).flat());

export function indexChart(chart: ChartData): ChartIndex {
  const index: ChartIndex = {
    patient: chart.patient,
    unavailable: chart.unavailable,
    conditions: [],
    results: new Map(),
    sstrImaging: [],
    mitoticCounts: [],
    medicationRecords: [],
    procedures: [],
    serviceRequests: [],
    medications: new Map(),
  };
  for (const resource of chart.resources) {
    if (!isObject(resource)) continue;
    switch (resource.resourceType) {
      case 'Condition':
        if (isActiveCondition(resource)) index.conditions.push(resource);
        break;
      case 'Observation':
        if (isUsableObservation(resource)) indexObservation(index, resource);
        break;
      case 'DiagnosticReport':
        if (isUsableReport(resource) && isSstrImaging(resource)) pushDated(index.sstrImaging, resource);
        break;
      case 'MedicationRequest':
      case 'MedicationAdministration':
      case 'MedicationStatement':
        index.medicationRecords.push(resource);
        break;
      case 'Procedure':
        index.procedures.push(resource);
        break;
      case 'ServiceRequest':
        index.serviceRequests.push(resource);
        break;
      case 'Medication': {
        const ref = referenceTo(resource);
        if (ref) index.medications.set(ref, resource);
        break;
      }
      default:
        break;
    }
  }
  for (const list of index.results.values()) list.sort(newestFirst);
  index.sstrImaging.sort(newestFirst);
  index.mitoticCounts.sort(newestFirst);
  return index;
}

function indexObservation(index: ChartIndex, obs: Json): void {
  const sets = valueSetsOf(obs.code);
  // A result coded as something this service reads (a lab, a score, an assessment) is not SSTR
  // imaging: the text checks only run for the rest.
  const codedOtherwise = sets.size > 0 && !sets.has('sstrImaging');
  if (!codedOtherwise && isSstrImaging(obs)) {
    pushDated(index.sstrImaging, obs);
    return;
  }
  let matched = false;
  for (const set of sets) {
    if (!OBSERVATION_SETS_READ.has(set)) continue;
    matched = true;
    if (set === 'mitoticCount') {
      pushDated(index.mitoticCounts, obs);
      continue;
    }
    let list = index.results.get(set);
    if (!list) index.results.set(set, (list = []));
    pushDated(list, obs);
  }
  if (!matched && textsOf(obs.code).some(namesMitoticCount)) pushDated(index.mitoticCounts, obs);
}

function pushDated(list: DatedResult[], resource: Json): void {
  const when = resultDateAndInstant(resource);
  if (when === undefined) return;
  list.push({ resource, date: when.date, instant: when.instant, reference: referenceTo(resource) });
}

function newestFirst(a: DatedResult, b: DatedResult): number {
  return b.instant - a.instant;
}

const IMAGING_CATEGORY_CODES = new Set(['imaging', 'RAD', 'NMS', 'LP29684-5']);

function hasImagingCategory(resource: Json): boolean {
  const categories = Array.isArray(resource.category) ? resource.category : [];
  return categories.some((c: unknown) =>
    codingsOf(c).some(
      (coding) =>
        IMAGING_CATEGORY_CODES.has(coding.code) &&
        (coding.system === OBSERVATION_CATEGORY || coding.system === V2_DIAGNOSTIC_SERVICE || coding.system === LOINC || coding.system === undefined),
    ),
  );
}

/**
 * SSTR imaging (rules.md §2): the project code `sstr-imaging`, a tracer's code or name
 * (dotatate, dotatoc, edotreotide, oxodotreotide, pentetreotide), or an imaging-category
 * result that names the somatostatin receptor. Never immunohistochemistry.
 */
export function isSstrImaging(resource: Json): boolean {
  const texts = [...textsOf(resource.code), asString(resource.conclusion) ?? ''];
  if (texts.some(namesImmunohistochemistry)) return false;
  if (valueSetsOf(resource.code).has('sstrImaging')) return true;
  const codeTexts = textsOf(resource.code);
  if (codeTexts.some(namesSstrTracer)) return true;
  return hasImagingCategory(resource) && codeTexts.some(namesSomatostatinReceptor);
}
