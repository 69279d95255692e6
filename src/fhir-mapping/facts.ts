/**
 * The typed clinical facts the engine decides on (rules.md §2). Every fact carries its status
 * and provenance: unknown is a value, never a silent default (style-examples.md §5).
 */

export type UnknownReason = 'missing' | 'stale' | 'unparseable';

export interface Provenance {
  /** ISO date (YYYY-MM-DD) of the observation, dose or assessment. */
  date?: string;
  /** `Observation/123` */
  reference?: string;
}

export interface KnownFact<T> extends Provenance {
  status: 'known';
  value: T;
  unit?: string;
  /** How the value was obtained, e.g. "Cockcroft–Gault from creatinine 1.8 mg/dL on 2026-11-20". */
  method?: string;
}

/** A value that exists but is older than its freshness window: shown, never used as met. */
export interface StaleFact<T> extends Provenance {
  status: 'stale';
  value: T;
  unit?: string;
  method?: string;
}

export interface UnknownFact extends Provenance {
  status: 'missing' | 'unparseable';
  /** Never set: lets `fact.value` be read on any fact (undefined when unknown). */
  value?: undefined;
  unit?: undefined;
  method?: undefined;
  /** For unparseable values: what the chart said (already sanitised for display). */
  raw?: string;
  /** Why the fact is missing when that is informative (e.g. "medication history could not be retrieved"). */
  note?: string;
}

export type Fact<T> = KnownFact<T> | StaleFact<T> | UnknownFact;

export const missing = (note?: string): UnknownFact => (note ? { status: 'missing', note } : { status: 'missing' });

export function isKnown<T>(fact: Fact<T>): fact is KnownFact<T> {
  return fact.status === 'known';
}

/** The value of a known (fresh) fact, else undefined. */
export function knownValue<T>(fact: Fact<T>): T | undefined {
  return fact.status === 'known' ? fact.value : undefined;
}

export type Tri = boolean | 'unknown';
export type Grade = 'G1' | 'G2' | 'G3';
export type Sex = 'female' | 'male' | 'other' | 'unknown';

export interface ConditionFact extends Provenance {
  display: string;
  code?: string;
}

export type MetastasisSite = 'liver' | 'bone' | 'peritoneum' | 'other' | 'unspecified';

export interface MetastasisFact extends ConditionFact {
  site: MetastasisSite;
}

/** A value of one blood count with its CTCAE v5 grade (0 = not decreased). */
export interface CountValue {
  value: number;
  unit: string;
  ctcaeGrade: 0 | 1 | 2 | 3 | 4;
}

export type BloodCountName = 'platelets' | 'hemoglobin' | 'neutrophils' | 'leukocytes' | 'lymphocytes';

export interface BloodCount {
  /** Each count's latest valid value (within its own date). */
  counts: Record<BloodCountName, Fact<CountValue>>;
  /** Date of the latest complete count: platelets + Hb + (ANC or WBC) from one date. */
  latestCompleteDate?: string;
  /** For the latest complete count, its values (used by marrow checks). */
  latestComplete?: Partial<Record<BloodCountName, CountValue & Provenance>>;
  /** The newest day with any count (complete or not), for post-PRRT monitoring. */
  latestDay?: { date: string; counts: Partial<Record<BloodCountName, CountValue & Provenance>> };
  /** Counts missing from the latest count date, when the count is incomplete. */
  missingFromLatest: BloodCountName[];
}

export interface KidneyValue {
  /** mL/min (not indexed to body surface area). */
  mlPerMin: number;
  method: 'measured' | 'cockcroft-gault' | 'cockcroft-gault-reported' | 'egfr-proxy';
}

export interface PerformanceValue {
  /** Karnofsky range (10-point scale); ECOG maps to a range. */
  kpsMin: number;
  kpsMax: number;
  scale: 'karnofsky' | 'ecog';
  /** The recorded score on its own scale. */
  score: number;
}

export interface Dose extends Provenance {
  date: string;
}

export interface Lu177Dose extends Dose {
  /** Administered activity in integer MBq; undefined when not recorded. */
  activityMBq?: number;
  /** When activity was not recorded, it is counted as 7400 MBq and flagged. */
  activityAssumed: boolean;
}

export interface PrrtCourse {
  doses: Lu177Dose[];
  start: string;
  lastDose: string;
  /** First progression after the last dose of the course. */
  progressionAfter?: Provenance & { date: string };
  /** Calendar months from the last dose to that progression; undefined = unknown. */
  benefitMonths?: number;
}

export type SsaFormulation = 'long-acting' | 'short-acting' | 'unspecified';

export interface SsaRecord extends Provenance {
  agent: 'octreotide' | 'lanreotide';
  formulation: SsaFormulation;
  kind: 'dose' | 'order' | 'statement';
  /** For doses: the dose date. For orders/statements: start or authored date. */
  date?: string;
  active: boolean;
  doseMg?: number;
  intervalDays?: number;
}

export interface TherapyEpisode extends Provenance {
  agent: 'everolimus' | 'cabozantinib' | 'telotristat';
  start?: string;
  end?: string;
  active: boolean;
}

export interface ProcedureRecord extends Provenance {
  kind: 'embolization' | 'resection';
  date?: string;
  display: string;
}

export interface Therapies {
  /** False when medication or procedure history could not be retrieved. */
  historyAvailable: boolean;
  ssa: SsaRecord[];
  /** Long-acting SSA: first known dose/start, last known dose, whether an order or statement is active. */
  longActingSsa?: { firstDate: string; lastDose?: Dose; active: boolean; agents: string[] };
  shortActingOctreotide: SsaRecord[];
  lu177Doses: Lu177Dose[];
  /** Active (planned) Lu-177 orders on record (not the order being checked). */
  lu177ActiveOrders: Array<Provenance & { plannedDate?: string }>;
  targeted: TherapyEpisode[];
  procedures: ProcedureRecord[];
}

export interface Progression extends Provenance {
  date: string;
}

export interface Pregnancy {
  status: Fact<'pregnant' | 'not-pregnant'>;
  reproductivePotential: Tri;
}

export interface Facts {
  /** The reference date the freshness of facts was judged on (YYYY-MM-DD). */
  referenceDate: string;
  patientReference?: string;
  giNet: ConditionFact[];
  pancreatic: ConditionFact[];
  poorlyDifferentiated: ConditionFact[];
  otherActiveCancer: ConditionFact[];
  metastases: MetastasisFact[];
  advanced: Fact<boolean>;
  ki67: Fact<number>;
  /** Set when the Ki-67 that counts was reported with a comparator ("<2 %", ">20 %"). */
  ki67Comparator?: '<' | '<=' | '>' | '>=';
  /** A lower Ki-67 within the window that disagrees in grade with the one that counts. */
  ki67Discordant?: KnownFact<number>;
  mitoticCount: Fact<number>;
  codedGrade: Fact<Grade>;
  grade: Fact<Grade> & { basis?: 'ki67' | 'mitoses' | 'coded' };
  g2Band: Fact<'lower' | 'higher'>;
  sstr: Fact<'positive' | 'negative'>;
  kidney: Fact<KidneyValue>;
  /** Another kidney value within its window that falls on the other side of 50 mL/min. */
  kidneyConflict?: KnownFact<KidneyValue>;
  /** Latest kidney-function test of any kind (creatinine, CrCl, eGFR) for monitoring. */
  kidneyTests: Array<Provenance & { date: string; mlPerMin?: number; kind: 'creatinine' | 'crcl' | 'egfr' }>;
  performance: Fact<PerformanceValue>;
  /** Another performance value within its window on the other side of the PRRT cut-off. */
  performanceConflict?: KnownFact<PerformanceValue>;
  bloodCount: BloodCount;
  carcinoidSyndrome: ConditionFact[];
  functional: Fact<boolean>;
  symptomatic: Fact<boolean>;
  refractoryHormonalSymptoms: Fact<boolean>;
  hepaticPredominant: Fact<boolean>;
  burden: Fact<'low' | 'high'>;
  extrahepaticBurden: Fact<'low' | 'high'>;
  bulky: Fact<boolean>;
  resectable: Fact<boolean>;
  progressions: Progression[];
  /** An active order for SSTR imaging (e.g. the SSTR PET this service suggests). */
  pendingSstrImagingOrder?: Provenance;
  therapies: Therapies;
  prrtCourses: PrrtCourse[];
  progressionOnSsaAlone?: Progression;
  age: Fact<number>;
  sex: Sex;
  pregnancy: Pregnancy;
  weightKg: Fact<number>;
  heightCm: Fact<number>;
}
