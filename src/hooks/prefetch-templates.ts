/**
 * The prefetch templates every service declares in discovery, and what each key feeds.
 *
 * CDS Hooks 2.0.1 §Prefetch query restrictions: only `{{context.patientId}}` is used as a token,
 * and only instance reads and type searches with a patient reference, token equality (several
 * values are an OR, `,`-separated), `_count` and `_sort` — no `_include`, `_revinclude` or
 * chaining. Codes come from the value sets, so the templates cannot drift from what the
 * mapping reads.
 */
import { OBSERVATION_VALUE_SETS, type DataGroup } from '../fhir-mapping/chart.js';
import { LOINC, NETCDS_ASSESSMENT, OBSERVATION_CATEGORY, V2_DIAGNOSTIC_SERVICE } from '../fhir-mapping/code-systems.js';
import { describeValueSets, type ValueSetName } from '../fhir-mapping/valuesets.js';

export type PrefetchKey =
  | 'patient'
  | 'conditions'
  | 'pathology'
  | 'labs'
  | 'assessments'
  | 'imagingObservations'
  | 'imagingReports'
  | 'medicationRequests'
  | 'medicationAdministrations'
  | 'medicationStatements'
  | 'procedures'
  | 'serviceRequests';

export interface PrefetchSpec {
  template: string;
  /** Resource type a read returns; searches return Bundles of `resourceType`. */
  resourceType: string;
  kind: 'read' | 'search';
  /** Required data: without it the service answers 412 (CDS Hooks: "SHALL respond with 412"). */
  required: boolean;
  /** Optional data that cannot be obtained makes this group's facts unknown. */
  group?: DataGroup;
}

const VALUE_SETS = describeValueSets();

function codesOf(names: readonly ValueSetName[]): string {
  return [...new Set(names.flatMap((n) => VALUE_SETS[n]))].join(',');
}

const PATIENT = '{{context.patientId}}';

export const PREFETCH: Record<PrefetchKey, PrefetchSpec> = {
  patient: { template: `Patient/${PATIENT}`, resourceType: 'Patient', kind: 'read', required: true },
  conditions: { template: `Condition?patient=${PATIENT}`, resourceType: 'Condition', kind: 'search', required: true },
  pathology: {
    template: `Observation?patient=${PATIENT}&code=${codesOf(OBSERVATION_VALUE_SETS.pathology)}`,
    resourceType: 'Observation',
    kind: 'search',
    required: false,
    group: 'observations',
  },
  labs: {
    template: `Observation?patient=${PATIENT}&code=${codesOf(OBSERVATION_VALUE_SETS.labs)}`,
    resourceType: 'Observation',
    kind: 'search',
    required: false,
    group: 'observations',
  },
  assessments: {
    template: `Observation?patient=${PATIENT}&code=${codesOf(OBSERVATION_VALUE_SETS.assessments)},${NETCDS_ASSESSMENT}|sstr-imaging`,
    resourceType: 'Observation',
    kind: 'search',
    required: false,
    group: 'observations',
  },
  imagingObservations: {
    template: `Observation?patient=${PATIENT}&category=${OBSERVATION_CATEGORY}|imaging`,
    resourceType: 'Observation',
    kind: 'search',
    required: false,
    group: 'imaging',
  },
  imagingReports: {
    template: `DiagnosticReport?patient=${PATIENT}&category=${LOINC}|LP29684-5,${V2_DIAGNOSTIC_SERVICE}|RAD,${V2_DIAGNOSTIC_SERVICE}|NMS`,
    resourceType: 'DiagnosticReport',
    kind: 'search',
    required: false,
    group: 'imaging',
  },
  medicationRequests: {
    template: `MedicationRequest?patient=${PATIENT}`,
    resourceType: 'MedicationRequest',
    kind: 'search',
    required: false,
    group: 'medications',
  },
  medicationAdministrations: {
    template: `MedicationAdministration?patient=${PATIENT}`,
    resourceType: 'MedicationAdministration',
    kind: 'search',
    required: false,
    group: 'medications',
  },
  medicationStatements: {
    template: `MedicationStatement?patient=${PATIENT}`,
    resourceType: 'MedicationStatement',
    kind: 'search',
    required: false,
    group: 'medications',
  },
  procedures: { template: `Procedure?patient=${PATIENT}`, resourceType: 'Procedure', kind: 'search', required: false, group: 'procedures' },
  serviceRequests: {
    template: `ServiceRequest?patient=${PATIENT}&status=active,on-hold`,
    resourceType: 'ServiceRequest',
    kind: 'search',
    required: false,
    group: 'orders',
  },
};

export const PREFETCH_KEYS = Object.keys(PREFETCH) as PrefetchKey[];

/** The templates as published in discovery. */
export function prefetchTemplates(): Record<string, string> {
  return Object.fromEntries(PREFETCH_KEYS.map((k) => [k, PREFETCH[k].template]));
}

/**
 * Substitute the tokens of a template for the service's own query. Only context fields are
 * used; values are URL-encoded.
 */
export function fillTemplate(template: string, context: Record<string, unknown>): string {
  return template.replace(/\{\{\s*context\.([A-Za-z]+)\s*\}\}/g, (_, field: string) => {
    const value = context[field];
    if (typeof value !== 'string') throw new Error(`prefetch token context.${field} has no value`);
    return encodeURIComponent(value);
  });
}
