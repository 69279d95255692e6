/**
 * The patient: age, sex, pregnancy status and reproductive potential (rules.md §2): reproductive
 * potential is assumed for a female aged 12–55 unless documented otherwise (project code
 * `reproductive-potential` false).
 */
import type { ChartIndex, DatedResult } from '../chart.js';
import { ageOn, toIsoDate } from '../dates.js';
import { judged, unparseable } from '../fact-builders.js';
import { asString, referenceTo } from '../fhir-access.js';
import { missing, type ConditionFact, type Fact, type Pregnancy, type Sex, type Tri } from '../facts.js';
import { readBoolean, readPolarity, readQuantity, UNPARSEABLE } from '../values.js';
import { inValueSet } from '../valuesets.js';

export function derivePatient(index: ChartIndex, referenceDate: string): { age: Fact<number>; sex: Sex; birthDate?: string; reference?: string } {
  const patient = index.patient;
  const birthDate = patient ? toIsoDate(patient.birthDate) : undefined;
  const gender = patient ? asString(patient.gender) : undefined;
  const sex: Sex = gender === 'female' || gender === 'male' || gender === 'other' ? gender : 'unknown';
  const reference = patient ? referenceTo(patient) : undefined;
  const age: Fact<number> = birthDate
    ? { status: 'known', value: ageOn(birthDate, referenceDate), unit: 'years', date: birthDate, ...(reference ? { reference } : {}) }
    : patient && patient.birthDate !== undefined
      ? { status: 'unparseable', note: 'birth date could not be read', ...(reference ? { reference } : {}) }
      : missing('birth date not on record');
  return { age, sex, ...(birthDate ? { birthDate } : {}), ...(reference ? { reference } : {}) };
}

/**
 * Pregnancy status: the newest of a pregnancy-status observation (LOINC 82810-3), a qualitative
 * hCG, a quantitative hCG (< 5 mIU/mL negative, ≥ 25 mIU/mL positive, between: unreadable) and an
 * active pregnancy Condition. Judged fresh within the lab window before the reference date.
 */
export function derivePregnancy(
  index: ChartIndex,
  pregnantConditions: ConditionFact[],
  age: Fact<number>,
  sex: Sex,
  referenceDate: string,
  windowDays: number,
): Pregnancy {
  type Reading = { entry: { date: string; reference?: string; instant: number }; value: 'pregnant' | 'not-pregnant' | typeof UNPARSEABLE; source?: DatedResult };
  const readings: Reading[] = [];
  for (const entry of index.results.get('pregnancyStatus') ?? []) {
    const concept = entry.resource.valueCodeableConcept;
    const value = inValueSet(concept, 'pregnant') ? 'pregnant' : inValueSet(concept, 'notPregnant') ? 'not-pregnant' : UNPARSEABLE;
    readings.push({ entry, value, source: entry });
  }
  for (const entry of index.results.get('hcgQualitative') ?? []) {
    const p = readPolarity(entry.resource);
    readings.push({ entry, value: p === 'positive' ? 'pregnant' : p === 'negative' ? 'not-pregnant' : UNPARSEABLE, source: entry });
  }
  for (const entry of index.results.get('hcgQuantitative') ?? []) {
    const polarity = readPolarity(entry.resource);
    let value: Reading['value'] = polarity === 'positive' ? 'pregnant' : polarity === 'negative' ? 'not-pregnant' : UNPARSEABLE;
    if (value === UNPARSEABLE) {
      const v = readQuantity(entry.resource, 'm[IU]/mL');
      if (typeof v === 'number') value = v < 5 ? 'not-pregnant' : v >= 25 ? 'pregnant' : UNPARSEABLE;
    }
    readings.push({ entry, value, source: entry });
  }
  for (const c of pregnantConditions) {
    if (c.date) readings.push({ entry: { date: c.date, reference: c.reference, instant: Date.parse(c.date) }, value: 'pregnant' });
  }
  readings.sort((a, b) => b.entry.instant - a.entry.instant);
  const newest = readings[0];
  let status: Fact<'pregnant' | 'not-pregnant'> = missing();
  if (newest) {
    status = newest.value === UNPARSEABLE ? unparseable(newest.source!) : judged(newest.value, newest.entry, referenceDate, windowDays);
  }
  // An active pregnancy Condition without a date still says pregnant.
  if (status.status === 'missing' && pregnantConditions.length > 0) {
    const c = pregnantConditions[0]!;
    status = { status: 'known', value: 'pregnant', ...(c.reference ? { reference: c.reference } : {}) };
  }
  return { status, reproductivePotential: reproductivePotential(index, age, sex) };
}

function reproductivePotential(index: ChartIndex, age: Fact<number>, sex: Sex): Tri {
  const documented = index.results.get('reproductivePotential')?.[0];
  if (documented) {
    const v = readBoolean(documented.resource);
    if (typeof v === 'boolean') return v;
  }
  if (sex === 'male') return false;
  if (sex !== 'female') return 'unknown';
  if (age.status !== 'known') return 'unknown';
  return age.value >= 12 && age.value <= 55;
}
