/** Canonical code system URIs (FHIR R4), with the aliases seen in real data. */

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const ATC = 'http://www.whocc.no/atc';
export const HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
export const NDC = 'http://hl7.org/fhir/sid/ndc';
export const NCIT = 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const UCUM = 'http://unitsofmeasure.org';
export const V3_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const V2_DIAGNOSTIC_SERVICE = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

/** The project's own CodeSystems (published under fhir/ in this repository). */
export const NETCDS_ASSESSMENT = 'https://netcds.org/fhir/CodeSystem/assessment';
export const NETCDS_OVERRIDE_REASON = 'https://netcds.org/fhir/CodeSystem/override-reason';

/**
 * Other spellings of the same systems. Matching normalises them to the canonical URI, so a
 * chart coded with the OID or the http form of HCPCS is still read.
 */
const ALIASES: Record<string, string> = {
  'urn:oid:2.16.840.1.113883.6.1': LOINC,
  'urn:oid:2.16.840.1.113883.6.96': SNOMED,
  'urn:oid:2.16.840.1.113883.6.90': ICD10CM,
  'urn:oid:2.16.840.1.113883.6.88': RXNORM,
  'urn:oid:2.16.840.1.113883.6.73': ATC,
  'urn:oid:2.16.840.1.113883.6.285': HCPCS,
  'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': HCPCS,
  'urn:oid:2.16.840.1.113883.6.69': NDC,
  'urn:oid:2.16.840.1.113883.6.12': CPT,
  'http://snomed.info/sct/': SNOMED,
  'http://loinc.org/': LOINC,
};

export function canonicalSystem(system: string | undefined): string | undefined {
  if (system === undefined) return undefined;
  return ALIASES[system] ?? system;
}
