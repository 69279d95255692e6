/**
 * Every code the service recognises, declared once (style-examples.md §10).
 *
 * Source: `terminology/codes.json` (a copy of the team's verified code list; its notes are in
 * `terminology/SOURCES.md`). Only entries marked `verified: true` are used from it. Codes added
 * here that are not in that list carry a comment naming their source; unverified ones are
 * marked UNVERIFIED and listed in docs/data-mapping.md.
 *
 * Matching is by system + code. ICD-10-CM codes also match their children (E34.0 matches
 * E34.00/E34.01/E34.09), and are compared with or without the dot. Text fallbacks (tracer names,
 * mitotic count, Lu-177 dotatate names) live in text-patterns.ts.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root.js';
import { ATC, ICD10CM, LOINC, NCIT, NDC, NETCDS_ASSESSMENT, RXNORM, SNOMED, canonicalSystem } from './code-systems.js';
import { codingsOf } from './fhir-access.js';

interface CodeEntry {
  system: string | null;
  code: string | null;
  verified: boolean;
}
type CodeList = Record<string, Record<string, CodeEntry[] | unknown>>;

const codes = JSON.parse(readFileSync(projectPath('terminology', 'codes.json'), 'utf8')) as CodeList;

/** `system|code` keys of the verified entries of codes.json section.concept. */
function verified(section: string, ...concepts: string[]): string[] {
  const keys: string[] = [];
  for (const concept of concepts) {
    const entries = codes[section]?.[concept];
    if (!Array.isArray(entries)) throw new Error(`terminology/codes.json has no ${section}.${concept}`);
    for (const e of entries as CodeEntry[]) {
      if (e.verified && e.system && e.code) keys.push(key(e.system, e.code));
    }
  }
  return keys;
}

function key(system: string, code: string): string {
  const canonical = canonicalSystem(system) ?? system;
  return `${canonical}|${canonical === ICD10CM ? normalizeIcd10(code) : code}`;
}

const k = (system: string, ...list: string[]) => list.map((c) => key(system, c));

/** ICD-10-CM with the dot after the third character, upper case (C7A012 → C7A.012). */
export function normalizeIcd10(code: string): string {
  const c = code.trim().toUpperCase().replace(/\s+/g, '');
  if (c.includes('.') || c.length <= 3) return c;
  return `${c.slice(0, 3)}.${c.slice(3)}`;
}

export type ValueSetName = keyof typeof VALUE_SETS;

/** Which concept each code stands for. Exact codes; ICD-10-CM prefixes are in ICD10_PREFIXES. */
const VALUE_SETS = {
  // ---- Conditions -------------------------------------------------------------------------
  /** GI NET of a named GI site (rules.md §2 `giNet`). */
  giNet: [
    ...verified('conditions', 'netStomach', 'netDuodenum', 'netJejunum', 'netIleum', 'netSmallIntestine', 'netAppendix', 'netCaecumColon', 'netRectum'),
  ],
  /** NET of unstated site: counts as a GI NET only with a GI bodySite (rules.md: C7A.094). */
  netSiteUnspecified: [...verified('conditions', 'netGiUnspecified')],
  pancreaticNet: [...verified('conditions', 'pancreaticNetExclude')],
  neuroendocrineCarcinoma: [...verified('conditions', 'neuroendocrineCarcinomaExclude')],
  carcinoidSyndrome: [...verified('conditions', 'carcinoidSyndrome')],
  metastasisLiver: [...verified('conditions', 'secondaryNetLiver')],
  metastasisBone: [...verified('conditions', 'secondaryNetBone')],
  metastasisPeritoneum: verified('conditions', 'secondaryNetPeritoneum').filter(
    // 135091000119106 is a secondary neuroendocrine *carcinoma*: a high-grade signal, not NET spread.
    (c) => c !== key(SNOMED, '135091000119106'),
  ),
  metastasisOther: verified('conditions', 'secondaryNetOther').filter(
    // C77.2 (intra-abdominal nodes) are usually the regional mesenteric nodes of a midgut NET:
    // neither distant spread nor evidence against hepatic predominance.
    (c) => c !== key(ICD10CM, 'C77.2'),
  ),
  pregnancyCondition: k(ICD10CM, 'Z33.1'),

  // ---- Observations -----------------------------------------------------------------------
  ki67: k(LOINC, '29593-1', '85330-9'),
  histologicGrade: [...k(NCIT, 'C18000'), ...k(LOINC, '33732-9')],
  gradeLow: k(SNOMED, '1155708003'),
  gradeIntermediate: k(SNOMED, '1286893008'),
  gradeHigh: k(SNOMED, '1155707008'),
  mitoticCount: k(NETCDS_ASSESSMENT, 'mitotic-count'),
  karnofsky: k(LOINC, '89243-0'),
  ecog: k(LOINC, '89247-1'),
  /** Measured creatinine clearance (timed urine collection). */
  creatinineClearance: k(LOINC, '2164-2', '33558-8'),
  /** UNVERIFIED (terminology list): LOINC 35591-7, a reported Cockcroft–Gault estimate. */
  creatinineClearanceCockcroftGault: k(LOINC, '35591-7'),
  egfr: [...verified('observations', 'egfr')],
  creatinine: [...verified('observations', 'serumCreatinine')],
  platelets: [...verified('observations', 'platelets')],
  hemoglobin: [...verified('observations', 'hemoglobin')],
  // 770-8 and 736-9 are percentages of leukocytes, not absolute counts: excluded.
  neutrophils: verified('observations', 'absoluteNeutrophilCount').filter((c) => c !== key(LOINC, '770-8')),
  lymphocytes: verified('observations', 'absoluteLymphocyteCount').filter((c) => c !== key(LOINC, '736-9')),
  leukocytes: [...verified('observations', 'whiteCellCount')],
  pregnancyStatus: k(LOINC, '82810-3'),
  hcgQualitative: k(LOINC, '2106-3', '2118-8', '2112-1', '2110-5', '80384-1'),
  hcgQuantitative: k(LOINC, '21198-7'),
  pregnant: k(SNOMED, '77386006'),
  notPregnant: k(SNOMED, '60001007'),
  /** Vital signs, FHIR R4 vital-signs profile codes. */
  bodyWeight: k(LOINC, '29463-7'),
  bodyHeight: k(LOINC, '8302-2'),
  /**
   * Disease status: mCODE CancerDiseaseStatus (LOINC 97509-4, named in rules.md) and LOINC
   * 88040-1 "Response to cancer treatment" (seen in German oncology profiles).
   */
  diseaseStatus: k(LOINC, '97509-4', '88040-1'),
  /** "Worsened / progression" answers: mCODE ConditionStatusTrendVS 271299001; 419835002 Tumor progression. */
  diseaseProgressed: k(SNOMED, '271299001', '419835002'),
  /** mCODE TNMDistantMetastasesCategory codes (clinical, pathological, other). */
  distantMetastasisStage: k(LOINC, '21907-1', '21901-4', '21913-9'),
  /** SSTR imaging: the project code, and the SSTR tracers' HCPCS/ATC codes when used as the code. */
  sstrImaging: [
    ...k(NETCDS_ASSESSMENT, 'sstr-imaging'),
    ...verified('observations', 'sstrImaging'),
  ],
  positiveFinding: k(SNOMED, '10828004'),
  negativeFinding: k(SNOMED, '260385009'),
  tumorBurden: k(NETCDS_ASSESSMENT, 'tumor-burden'),
  extrahepaticBurden: k(NETCDS_ASSESSMENT, 'extrahepatic-burden'),
  bulkyDisease: k(NETCDS_ASSESSMENT, 'bulky-disease'),
  resectability: k(NETCDS_ASSESSMENT, 'resectability'),
  diseaseRelatedSymptoms: k(NETCDS_ASSESSMENT, 'disease-related-symptoms'),
  functional: k(NETCDS_ASSESSMENT, 'functional'),
  refractoryHormonalSymptoms: k(NETCDS_ASSESSMENT, 'refractory-hormonal-symptoms'),
  /** Project addition (not in rules.md's list): documents that a woman has no reproductive potential. */
  reproductivePotential: k(NETCDS_ASSESSMENT, 'reproductive-potential'),

  // ---- Medications ------------------------------------------------------------------------
  /**
   * Octreotide at ingredient or brand level (RxNorm IN/PIN, the "Sandostatin" brand that covers
   * both Sandostatin and Sandostatin LAR, ATC): the formulation is decided in medications.ts.
   */
  octreotideUnspecified: [...k(RXNORM, '7617', '221130', '196457'), ...k(ATC, 'H01CB02')],
  /** Short-acting octreotide products (injectable solutions, prefilled syringes, HCPCS J2354). */
  octreotideShortActing: verified('medications', 'octreotide').filter(
    (c) => ![...k(RXNORM, '7617', '221130', '196457'), ...k(ATC, 'H01CB02')].includes(c),
  ),
  /** Octreotide LAR: RxNorm "Injectable Suspension" products and HCPCS J2353 (depot). */
  octreotideLongActing: [...verified('medications', 'octreotideLAR')],
  /** All lanreotide products are depot (long-acting) formulations. */
  lanreotide: [...verified('medications', 'lanreotide')],
  lu177Dotatate: [
    ...verified('medications', 'lu177Dotatate'),
    // Lutathera NDC (rules.md §2, "Facts with no standard code"); package and product forms.
    ...k(NDC, '69488-003-01', '69488003'),
  ],
  everolimus: verified('medications', 'everolimus').filter(
    // ATC L04AH02 is everolimus as a transplant immunosuppressant (Zortress): not NET therapy.
    (c) => c !== key(ATC, 'L04AH02'),
  ),
  /** ATC L04AH02: everolimus as a transplant immunosuppressant (Zortress), not NET therapy. */
  everolimusTransplant: k(ATC, 'L04AH02'),
  cabozantinib: [...verified('medications', 'cabozantinib')],
  telotristat: [...verified('medications', 'telotristat')],
  surufatinib: [...verified('medications', 'surufatinib')],
  interferonAlfa: [...verified('medications', 'interferonAlfa2b')],
  chemotherapy: [
    ...verified('medications', 'capecitabine', 'temozolomide', 'streptozocin', 'fluorouracil', 'oxaliplatin', 'dacarbazine', 'doxorubicin'),
  ],
  y90Dotatoc: [] as string[],

  // ---- Procedures -------------------------------------------------------------------------
  embolization: [...verified('procedures', 'hepaticArterialEmbolization', 'chemoembolization', 'radioembolization')],
  liverResection: [...verified('procedures', 'liverResection')],
} satisfies Record<string, string[]>;

/**
 * ICD-10-CM codes that match themselves and all their children. Rules.md §2: GI NET is
 * C7A.01x, C7A.02x, C7A.092, C7A.095, C7A.096; carcinoid syndrome E34.0 and E34.00–E34.09.
 * Secondary malignant neoplasms C77–C79 are mCODE's SecondaryCancerDisorderVS; the NET-specific
 * C7B codes are in codes.json.
 */
const ICD10_PREFIXES: Array<{ prefix: string; set: ValueSetName }> = [
  { prefix: 'C7A.01', set: 'giNet' },
  { prefix: 'C7A.02', set: 'giNet' },
  { prefix: 'C7A.092', set: 'giNet' },
  { prefix: 'C7A.095', set: 'giNet' },
  { prefix: 'C7A.096', set: 'giNet' },
  { prefix: 'C7A.1', set: 'neuroendocrineCarcinoma' },
  { prefix: 'C25.4', set: 'pancreaticNet' },
  { prefix: 'E34.0', set: 'carcinoidSyndrome' },
  { prefix: 'C7B.02', set: 'metastasisLiver' },
  { prefix: 'C78.7', set: 'metastasisLiver' },
  { prefix: 'C7B.03', set: 'metastasisBone' },
  { prefix: 'C79.5', set: 'metastasisBone' },
  { prefix: 'C7B.04', set: 'metastasisPeritoneum' },
  { prefix: 'C78.6', set: 'metastasisPeritoneum' },
  { prefix: 'C7B.01', set: 'metastasisOther' },
  { prefix: 'C7B.09', set: 'metastasisOther' },
  { prefix: 'C78.0', set: 'metastasisOther' },
  { prefix: 'C78.1', set: 'metastasisOther' },
  { prefix: 'C78.2', set: 'metastasisOther' },
  { prefix: 'C78.3', set: 'metastasisOther' },
  { prefix: 'C78.4', set: 'metastasisOther' },
  { prefix: 'C78.5', set: 'metastasisOther' },
  { prefix: 'C78.8', set: 'metastasisOther' },
  { prefix: 'C79.0', set: 'metastasisOther' },
  { prefix: 'C79.1', set: 'metastasisOther' },
  { prefix: 'C79.2', set: 'metastasisOther' },
  { prefix: 'C79.3', set: 'metastasisOther' },
  { prefix: 'C79.4', set: 'metastasisOther' },
  { prefix: 'C79.6', set: 'metastasisOther' },
  { prefix: 'C79.7', set: 'metastasisOther' },
  { prefix: 'C79.8', set: 'metastasisOther' },
  { prefix: 'C79.9', set: 'metastasisOther' },
  { prefix: 'C77.0', set: 'metastasisOther' },
  { prefix: 'C77.1', set: 'metastasisOther' },
  { prefix: 'C77.3', set: 'metastasisOther' },
  { prefix: 'C77.4', set: 'metastasisOther' },
  { prefix: 'C77.5', set: 'metastasisOther' },
  { prefix: 'C77.8', set: 'metastasisOther' },
];

/**
 * Metastasis codes that do not name a site (C7B.00 unspecified, C7B.8 other secondary NETs,
 * and the C7B / C7B.0 headers): they show advanced disease but leave hepatic predominance open.
 */
export const METASTASIS_SITE_UNSPECIFIED = new Set(k(ICD10CM, 'C7B', 'C7B.0', 'C7B.00', 'C7B.8', 'C77.9'));

const INDEX = new Map<string, Set<ValueSetName>>();
for (const [name, keys] of Object.entries(VALUE_SETS) as Array<[ValueSetName, string[]]>) {
  for (const codeKey of keys) {
    let sets = INDEX.get(codeKey);
    if (!sets) INDEX.set(codeKey, (sets = new Set()));
    sets.add(name);
  }
}
// Site-unspecified metastasis codes are indexed under metastasisOther by codes.json; they are
// handled as their own class by the mapping, so remove them from the "distant other" class.
for (const codeKey of METASTASIS_SITE_UNSPECIFIED) INDEX.get(codeKey)?.delete('metastasisOther');

/** ICD-10-CM C00–C96: malignant neoplasms (for "another active cancer on file"). */
const ICD10_MALIGNANT = /^C(\d{2}|7A|7B)/;

const EMPTY: ReadonlySet<ValueSetName> = new Set();
/** Memo of coding → value sets: charts repeat the same few codes hundreds of times. Bounded. */
const memo = new Map<string, ReadonlySet<ValueSetName>>();
const MEMO_LIMIT = 20_000;

/** The value sets a single coding belongs to (do not modify the returned set). */
export function valueSetsOfCoding(system: string | undefined, code: string): ReadonlySet<ValueSetName> {
  if (!system) return EMPTY;
  const memoKey = `${system}|${code}`;
  const cached = memo.get(memoKey);
  if (cached) return cached;
  const result = computeValueSets(system, code);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(memoKey, result);
  return result;
}

function computeValueSets(system: string, code: string): ReadonlySet<ValueSetName> {
  const result = new Set<ValueSetName>();
  const codeKey = key(system, code);
  for (const name of INDEX.get(codeKey) ?? []) result.add(name);
  if (system === ICD10CM) {
    const normalized = normalizeIcd10(code);
    for (const { prefix, set } of ICD10_PREFIXES) {
      if (normalized.startsWith(prefix) && !METASTASIS_SITE_UNSPECIFIED.has(codeKey)) result.add(set);
    }
  }
  return result;
}

/** The value sets any coding of a CodeableConcept belongs to (do not modify the returned set). */
export function valueSetsOf(concept: unknown): ReadonlySet<ValueSetName> {
  const codings = codingsOf(concept);
  // The common case, one coding: its memoised set as it is.
  if (codings.length === 1) return valueSetsOfCoding(codings[0]!.system, codings[0]!.code);
  const result = new Set<ValueSetName>();
  for (const coding of codings) {
    for (const name of valueSetsOfCoding(coding.system, coding.code)) result.add(name);
  }
  return result;
}

export function inValueSet(concept: unknown, name: ValueSetName): boolean {
  return codingsOf(concept).some((c) => valueSetsOfCoding(c.system, c.code).has(name));
}

/** Whether a coding is a site-unspecified metastasis code (C7B.00, C7B.8 …). */
export function isSiteUnspecifiedMetastasis(concept: unknown): boolean {
  return codingsOf(concept).some((c) => c.system !== undefined && METASTASIS_SITE_UNSPECIFIED.has(key(c.system, c.code)));
}

/** An ICD-10-CM malignant neoplasm code other than NET and secondary codes. */
export function isOtherMalignancyIcd10(concept: unknown): boolean {
  return codingsOf(concept).some((c) => {
    if (c.system !== ICD10CM) return false;
    const code = normalizeIcd10(c.code);
    if (!ICD10_MALIGNANT.test(code)) return false;
    if (/^C7[AB]/.test(code) || /^C7[789]/.test(code)) return false;
    const n = Number(code.slice(1, 3));
    return Number.isFinite(n) ? n <= 96 : false;
  });
}

/** For the published documentation: every code of every value set. */
export function describeValueSets(): Record<ValueSetName, string[]> {
  return Object.fromEntries(Object.entries(VALUE_SETS).map(([name, keys]) => [name, [...new Set(keys)]])) as Record<
    ValueSetName,
    string[]
  >;
}

export function icd10PrefixRules(): ReadonlyArray<{ prefix: string; set: ValueSetName }> {
  return ICD10_PREFIXES;
}
