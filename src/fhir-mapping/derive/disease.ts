/**
 * The disease on record: which NET, its spread, and the clinician's assessments
 * (rules.md §2 rows giNet … resectable, principle 6 "advanced").
 */
import type { ChartIndex, DatedResult } from '../chart.js';
import { conditionDate } from '../resource-hygiene.js';
import { asArray, codingsOf, referenceTo, textsOf, type Json } from '../fhir-access.js';
import { unparseable } from '../fact-builders.js';
import { missing, type ConditionFact, type Fact, type MetastasisFact, type MetastasisSite } from '../facts.js';
import { GI_SITE_TEXT, NET_OR_SPREAD_TEXT, OTHER_CANCER_TEXT } from '../text-patterns.js';
import { readBoolean, readChoice, sanitize, UNPARSEABLE } from '../values.js';
import { isOtherMalignancyIcd10, isSiteUnspecifiedMetastasis, valueSetsOf, type ValueSetName } from '../valuesets.js';

export interface DiseaseFacts {
  giNet: ConditionFact[];
  pancreatic: ConditionFact[];
  poorlyDifferentiated: ConditionFact[];
  otherActiveCancer: ConditionFact[];
  carcinoidSyndrome: ConditionFact[];
  metastases: MetastasisFact[];
  pregnantConditions: ConditionFact[];
}

const METASTASIS_SETS: Array<[ValueSetName, MetastasisSite]> = [
  ['metastasisLiver', 'liver'],
  ['metastasisBone', 'bone'],
  ['metastasisPeritoneum', 'peritoneum'],
  ['metastasisOther', 'other'],
];

export function deriveDisease(index: ChartIndex): DiseaseFacts {
  const facts: DiseaseFacts = {
    giNet: [],
    pancreatic: [],
    poorlyDifferentiated: [],
    otherActiveCancer: [],
    carcinoidSyndrome: [],
    metastases: [],
    pregnantConditions: [],
  };
  for (const condition of index.conditions) {
    const sets = valueSetsOf(condition.code);
    const fact = conditionFact(condition);
    if (sets.has('giNet') || (sets.has('netSiteUnspecified') && hasGiBodySite(condition))) facts.giNet.push(fact);
    if (sets.has('pancreaticNet')) facts.pancreatic.push(fact);
    if (sets.has('neuroendocrineCarcinoma')) facts.poorlyDifferentiated.push(fact);
    if (sets.has('carcinoidSyndrome')) facts.carcinoidSyndrome.push(fact);
    if (sets.has('pregnancyCondition')) facts.pregnantConditions.push(fact);
    if (isSiteUnspecifiedMetastasis(condition.code)) facts.metastases.push({ ...fact, site: 'unspecified' });
    else {
      const site = METASTASIS_SETS.find(([set]) => sets.has(set))?.[1];
      if (site) facts.metastases.push({ ...fact, site });
    }
    if (isOtherActiveCancer(condition, sets)) facts.otherActiveCancer.push(fact);
  }
  return facts;
}

function conditionFact(condition: Json): ConditionFact {
  const coding = codingsOf(condition.code)[0];
  const display = sanitize(textsOf(condition.code)[0] ?? coding?.code ?? 'condition');
  const date = conditionDate(condition);
  const reference = referenceTo(condition);
  return {
    display,
    ...(coding ? { code: coding.code } : {}),
    ...(date ? { date } : {}),
    ...(reference ? { reference } : {}),
  };
}

/** rules.md: a NET code without a site (C7A.094 foregut NOS …) counts as GI only with a GI bodySite. */
function hasGiBodySite(condition: Json): boolean {
  return asArray(condition.bodySite).some((site) => textsOf(site).some((t) => GI_SITE_TEXT.test(t)));
}

/**
 * Another active cancer, for which chemotherapy may be indicated: an ICD-10-CM malignant
 * neoplasm other than NET/secondary codes, a pancreatic NET or a neuroendocrine carcinoma, or a
 * condition named as a cancer that is not a NET or its spread.
 */
function isOtherActiveCancer(condition: Json, sets: ReadonlySet<ValueSetName>): boolean {
  if (sets.has('pancreaticNet') || sets.has('neuroendocrineCarcinoma')) return true;
  if (sets.has('giNet') || sets.has('netSiteUnspecified') || METASTASIS_SETS.some(([s]) => sets.has(s))) return false;
  if (isOtherMalignancyIcd10(condition.code)) return true;
  const texts = textsOf(condition.code);
  return texts.some((t) => OTHER_CANCER_TEXT.test(t)) && !texts.some((t) => NET_OR_SPREAD_TEXT.test(t));
}

/** The newest readable assessment of one project code; an unreadable newest one is unparseable. */
function latestAssessment<T>(entries: DatedResult[] | undefined, read: (obs: Json) => T | typeof UNPARSEABLE | undefined): Fact<T> {
  const newest = entries?.[0];
  if (!newest) return missing();
  const value = read(newest.resource);
  if (value === UNPARSEABLE || value === undefined) return unparseable(newest);
  return { status: 'known', value, date: newest.date, ...(newest.reference ? { reference: newest.reference } : {}) };
}

export interface AssessmentFacts {
  burden: Fact<'low' | 'high'>;
  extrahepaticBurden: Fact<'low' | 'high'>;
  bulky: Fact<boolean>;
  resectable: Fact<boolean>;
  symptomsAssessment: Fact<boolean>;
  functionalAssessment: Fact<boolean>;
  refractoryHormonalSymptoms: Fact<boolean>;
  distantMetastasisStage: Fact<boolean>;
}

const M1 = /(^|[^A-Za-z])[cpy]?M1[a-d]?\b/;

export function deriveAssessments(index: ChartIndex): AssessmentFacts {
  const get = (name: ValueSetName) => index.results.get(name);
  const resectability = latestAssessment(get('resectability'), (o) => readChoice(o, ['potentially-resectable', 'unresectable', 'resectable'] as const));
  return {
    burden: latestAssessment(get('tumorBurden'), (o) => readChoice(o, ['low', 'high'] as const)),
    extrahepaticBurden: latestAssessment(get('extrahepaticBurden'), (o) => readChoice(o, ['low', 'high'] as const)),
    bulky: latestAssessment(get('bulkyDisease'), readBoolean),
    resectable: mapFact(resectability, (v) => v !== 'unresectable'),
    symptomsAssessment: latestAssessment(get('diseaseRelatedSymptoms'), readBoolean),
    functionalAssessment: latestAssessment(get('functional'), readBoolean),
    refractoryHormonalSymptoms: latestAssessment(get('refractoryHormonalSymptoms'), readBoolean),
    distantMetastasisStage: latestAssessment(get('distantMetastasisStage'), (o) => {
      const texts = [...codingsOf(o.valueCodeableConcept).map((c) => c.code), ...textsOf(o.valueCodeableConcept)];
      if (texts.length === 0) return UNPARSEABLE;
      if (texts.some((t) => M1.test(t))) return true;
      return texts.some((t) => /(^|[^A-Za-z])[cpy]?M0\b/.test(t)) ? false : UNPARSEABLE;
    }),
  };
}

function mapFact<A, B>(fact: Fact<A>, fn: (a: A) => B): Fact<B> {
  if (fact.status === 'known' || fact.status === 'stale') return { ...fact, value: fn(fact.value) };
  return fact;
}

/**
 * Hepatic-predominant disease (rules.md §2): liver only → true; liver and lymph-node, lung or
 * other distant sites → false; liver with bone and/or peritoneum only → true when the
 * extrahepatic burden is documented low, else unknown; no metastasis on record → unknown.
 */
export function deriveHepaticPredominant(metastases: MetastasisFact[], extrahepaticBurden: Fact<'low' | 'high'>): Fact<boolean> {
  if (metastases.length === 0) return missing('no metastasis on record');
  const sites = new Set(metastases.map((m) => m.site));
  const newest = metastases.map((m) => m.date).filter((d): d is string => d !== undefined).sort().pop();
  const known = (value: boolean): Fact<boolean> => ({ status: 'known', value, ...(newest ? { date: newest } : {}) });
  if (!sites.has('liver')) {
    return sites.has('unspecified') && sites.size === 1 ? missing('metastasis site not stated') : known(false);
  }
  if (sites.has('other')) return known(false);
  if (sites.has('unspecified')) return missing('a metastasis site is not stated');
  if (sites.has('bone') || sites.has('peritoneum')) {
    if (extrahepaticBurden.status === 'known' && extrahepaticBurden.value === 'low') return known(true);
    return missing('bone or peritoneal metastases with extrahepatic burden not documented as low');
  }
  return known(true);
}
