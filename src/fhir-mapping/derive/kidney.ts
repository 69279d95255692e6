/**
 * Kidney function for PRRT (rules.md §2 `crcl`): measured creatinine clearance, Cockcroft–Gault
 * from creatinine, weight, age and sex, or eGFR as a proxy (de-indexed by body surface area when
 * height and weight exist). The newest valid value within the lab window wins; another value in
 * the window on the other side of 50 mL/min is kept so the card can show both.
 *
 * Cockcroft–Gault (clinical-facts.md §5): CrCl = (140 − age) × weight / (72 × SCr mg/dL),
 * × 0.85 if female, with actual body weight. BSA by Mosteller: √(height cm × weight kg / 3600).
 */
import type { ChartIndex, DatedResult } from '../chart.js';
import { ageOn, daysBetween } from '../dates.js';
import { judged, unparseable } from '../fact-builders.js';
import { missing, type Fact, type KidneyValue, type KnownFact, type Provenance, type Sex } from '../facts.js';
import { MOLECULAR_WEIGHT, ucumUnitOf } from '../units.js';
import { asQuantity } from '../fhir-access.js';
import { readQuantity, UNPARSEABLE } from '../values.js';

export const PRRT_CRCL_CUTOFF = 50;

interface Candidate {
  value: KidneyValue;
  date: string;
  instant: number;
  reference?: string;
  method: string;
}

export interface KidneyInputs {
  birthDate?: string;
  sex: Sex;
  weights: DatedResult[];
  heights: DatedResult[];
  weightWindowDays: number;
}

const METHOD_RANK: Record<KidneyValue['method'], number> = {
  measured: 0,
  'cockcroft-gault': 1,
  'cockcroft-gault-reported': 2,
  'egfr-proxy': 3,
};

export function deriveKidney(
  index: ChartIndex,
  inputs: KidneyInputs,
  referenceDate: string,
  labWindowDays: number,
): { kidney: Fact<KidneyValue>; conflict?: KnownFact<KidneyValue>; tests: Array<Provenance & { date: string; mlPerMin?: number; kind: 'creatinine' | 'crcl' | 'egfr' }> } {
  const candidates: Candidate[] = [];
  const unreadable: DatedResult[] = [];
  const tests: Array<Provenance & { date: string; mlPerMin?: number; kind: 'creatinine' | 'crcl' | 'egfr' }> = [];

  for (const entry of index.results.get('creatinineClearance') ?? []) {
    // UCUM treats {1.73_m2} as an annotation (dimensionless), so mL/min would "convert" to it:
    // whether a clearance is indexed is read from the unit as written.
    const indexed = isIndexedToBsa(entry) ? readQuantity(entry.resource, 'mL/min/{1.73_m2}') : undefined;
    if (indexed !== UNPARSEABLE && indexed !== undefined) {
      // A clearance reported per 1.73 m² is handled like an eGFR (de-indexed when possible).
      pushEgfrLike(candidates, entry, indexed, inputs, 'measured clearance per 1.73 m²');
      tests.push({ date: entry.date, reference: entry.reference, mlPerMin: indexed, kind: 'crcl' });
      continue;
    }
    const v = readQuantity(entry.resource, 'mL/min');
    if (v === UNPARSEABLE || v === undefined) {
      unreadable.push(entry);
      continue;
    }
    candidates.push({ value: { mlPerMin: round1(v), method: 'measured' }, date: entry.date, instant: entry.instant, reference: entry.reference, method: 'measured creatinine clearance' });
    tests.push({ date: entry.date, reference: entry.reference, mlPerMin: v, kind: 'crcl' });
  }
  for (const entry of index.results.get('creatinineClearanceCockcroftGault') ?? []) {
    const v = readQuantity(entry.resource, 'mL/min');
    if (v === UNPARSEABLE || v === undefined) {
      unreadable.push(entry);
      continue;
    }
    candidates.push({ value: { mlPerMin: round1(v), method: 'cockcroft-gault-reported' }, date: entry.date, instant: entry.instant, reference: entry.reference, method: 'Cockcroft–Gault as reported by the lab' });
    tests.push({ date: entry.date, reference: entry.reference, mlPerMin: v, kind: 'crcl' });
  }
  let computedOne = false;
  for (const entry of index.results.get('creatinine') ?? []) {
    tests.push({ date: entry.date, reference: entry.reference, kind: 'creatinine' });
    // Newest first: once one estimate exists, older creatinines outside the window can neither
    // win nor conflict, so Cockcroft–Gault is not computed for them.
    if (computedOne && daysBetween(entry.date, referenceDate) > labWindowDays) continue;
    const mgdl = readQuantity(entry.resource, 'mg/dL', { molecularWeight: MOLECULAR_WEIGHT.creatinine });
    if (mgdl === UNPARSEABLE || mgdl === undefined || mgdl <= 0) {
      unreadable.push(entry);
      continue;
    }
    const cg = cockcroftGault(mgdl, entry.date, inputs);
    if (cg) {
      candidates.push({ ...cg, date: entry.date, instant: entry.instant, reference: entry.reference });
      computedOne = true;
    }
  }
  for (const entry of index.results.get('egfr') ?? []) {
    // Read per 1.73 m² whatever the unit says (some labs send plain mL/min): the code says it is an eGFR.
    const value = readQuantity(entry.resource, 'mL/min/{1.73_m2}');
    if (value === UNPARSEABLE || value === undefined) {
      unreadable.push(entry);
      continue;
    }
    pushEgfrLike(candidates, entry, value, inputs, 'eGFR');
    tests.push({ date: entry.date, reference: entry.reference, mlPerMin: value, kind: 'egfr' });
  }

  tests.sort((a, b) => (a.date < b.date ? 1 : -1));
  if (candidates.length === 0) {
    const newestUnreadable = unreadable.sort((a, b) => b.instant - a.instant)[0];
    return { kidney: newestUnreadable ? unparseable(newestUnreadable) : missing(), tests };
  }
  candidates.sort((a, b) => b.instant - a.instant || METHOD_RANK[a.value.method] - METHOD_RANK[b.value.method]);
  const best = candidates[0]!;
  const kidney = judged(best.value, best, referenceDate, labWindowDays, { unit: 'mL/min', method: best.method });
  let conflict: KnownFact<KidneyValue> | undefined;
  if (kidney.status === 'known') {
    const bestPasses = best.value.mlPerMin > PRRT_CRCL_CUTOFF;
    const other = candidates.find(
      (c) => c !== best && daysBetween(c.date, referenceDate) <= labWindowDays && c.value.mlPerMin > PRRT_CRCL_CUTOFF !== bestPasses,
    );
    if (other) {
      conflict = { status: 'known', value: other.value, unit: 'mL/min', date: other.date, method: other.method, ...(other.reference ? { reference: other.reference } : {}) };
    }
  }
  return { kidney, conflict, tests };
}

function cockcroftGault(creatinineMgDl: number, date: string, inputs: KidneyInputs): Omit<Candidate, 'date' | 'instant' | 'reference'> | undefined {
  if (!inputs.birthDate || (inputs.sex !== 'female' && inputs.sex !== 'male')) return undefined;
  const weight = nearestWeight(inputs, date);
  if (!weight) return undefined;
  const age = ageOn(inputs.birthDate, date);
  const crcl = (((140 - age) * weight.kg) / (72 * creatinineMgDl)) * (inputs.sex === 'female' ? 0.85 : 1);
  return {
    value: { mlPerMin: round1(crcl), method: 'cockcroft-gault' },
    method: `Cockcroft–Gault from creatinine ${round2(creatinineMgDl)} mg/dL on ${date}, weight ${round1(weight.kg)} kg on ${weight.date}, age ${age}, ${inputs.sex}`,
  };
}

/** The weight closest to a date, within the weight window of it. */
function nearestWeight(inputs: KidneyInputs, date: string): { kg: number; date: string } | undefined {
  let best: { kg: number; date: string; distance: number } | undefined;
  for (const entry of inputs.weights) {
    const distance = Math.abs(daysBetween(entry.date, date));
    if (distance > inputs.weightWindowDays) continue;
    const kg = readQuantity(entry.resource, 'kg');
    if (kg === UNPARSEABLE || kg === undefined || kg <= 0) continue;
    if (!best || distance < best.distance) best = { kg, date: entry.date, distance };
  }
  return best;
}

function newestHeightCm(inputs: KidneyInputs): number | undefined {
  for (const entry of inputs.heights) {
    const cm = readQuantity(entry.resource, 'cm');
    if (cm !== UNPARSEABLE && cm !== undefined && cm > 0) return cm;
  }
  return undefined;
}

function pushEgfrLike(candidates: Candidate[], entry: DatedResult, perStandardArea: number, inputs: KidneyInputs, label: string): void {
  const weight = nearestWeight(inputs, entry.date);
  const heightCm = newestHeightCm(inputs);
  if (weight && heightCm) {
    const bsa = Math.sqrt((heightCm * weight.kg) / 3600);
    const mlPerMin = (perStandardArea * bsa) / 1.73;
    candidates.push({
      value: { mlPerMin: round1(mlPerMin), method: 'egfr-proxy' },
      date: entry.date,
      instant: entry.instant,
      reference: entry.reference,
      method: `${label} ${round1(perStandardArea)} mL/min/1.73 m² de-indexed by body surface area ${round2(bsa)} m² (proxy for creatinine clearance)`,
    });
    return;
  }
  candidates.push({
    value: { mlPerMin: round1(perStandardArea), method: 'egfr-proxy' },
    date: entry.date,
    instant: entry.instant,
    reference: entry.reference,
    method: `${label} ${round1(perStandardArea)} mL/min/1.73 m² (proxy for creatinine clearance; not de-indexed: height or weight missing)`,
  });
}

function isIndexedToBsa(entry: DatedResult): boolean {
  const q = asQuantity(entry.resource.valueQuantity);
  const unit = q ? ucumUnitOf(q) : undefined;
  return unit !== undefined && unit.includes('1.73');
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

