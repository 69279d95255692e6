/**
 * Blood counts (rules.md §2 `bloodCount`): platelets, haemoglobin, ANC, WBC and lymphocytes with
 * their CTCAE v5 grade. A complete count is platelets + Hb + (ANC or WBC) from one date.
 *
 * Years of monthly counts are common; only what the rules use is derived: each count's latest
 * value, the newest day with any count, and the newest complete day. Dates are visited newest
 * first and the walk stops at the newest complete day.
 */
import type { ChartIndex, DatedResult } from '../chart.js';
import { ctcaeGrade } from '../ctcae.js';
import { judged, unparseable } from '../fact-builders.js';
import { asQuantity, isObject } from '../fhir-access.js';
import { missing, type BloodCount, type BloodCountName, type CountValue, type Fact, type Provenance } from '../facts.js';
import { convertQuantity, MOLECULAR_WEIGHT } from '../units.js';
import { readQuantity, UNPARSEABLE } from '../values.js';
import type { ValueSetName } from '../valuesets.js';

const COUNTS: Array<{ name: BloodCountName; set: ValueSetName; unit: string; display: string }> = [
  { name: 'platelets', set: 'platelets', unit: '10*3/uL', display: '10^3/µL' },
  { name: 'hemoglobin', set: 'hemoglobin', unit: 'g/dL', display: 'g/dL' },
  { name: 'neutrophils', set: 'neutrophils', unit: '10*3/uL', display: '10^3/µL' },
  { name: 'leukocytes', set: 'leukocytes', unit: '10*3/uL', display: '10^3/µL' },
  { name: 'lymphocytes', set: 'lymphocytes', unit: '10*3/uL', display: '10^3/µL' },
];

export const COUNT_UNITS: Record<BloodCountName, string> = Object.fromEntries(COUNTS.map((c) => [c.name, c.display])) as Record<BloodCountName, string>;

type DayCounts = Partial<Record<BloodCountName, CountValue & Provenance>>;

export function isComplete(day: DayCounts): boolean {
  return day.platelets !== undefined && day.hemoglobin !== undefined && (day.neutrophils !== undefined || day.leukocytes !== undefined);
}

export function missingFromCount(day: DayCounts): BloodCountName[] {
  const result: BloodCountName[] = [];
  if (!day.platelets) result.push('platelets');
  if (!day.hemoglobin) result.push('hemoglobin');
  if (!day.neutrophils && !day.leukocytes) result.push('neutrophils');
  return result;
}

export function deriveBloodCount(index: ChartIndex, referenceDate: string, windowDays: number): BloodCount {
  const lists = COUNTS.map((c) => ({ ...c, entries: index.results.get(c.set) ?? [] }));
  const counts = {} as Record<BloodCountName, Fact<CountValue>>;
  for (const c of lists) counts[c.name] = latestCount(c.entries, c.name, c.unit, c.display, referenceDate, windowDays);

  // Walk the days with any count, newest first, until a complete one.
  const dates = [...new Set(lists.flatMap((c) => c.entries.map((e) => e.date)))].sort().reverse();
  let latestDay: BloodCount['latestDay'];
  let latestComplete: { date: string; counts: DayCounts } | undefined;
  for (const date of dates) {
    const day: DayCounts = {};
    for (const c of lists) {
      for (const entry of c.entries) {
        if (entry.date !== date) continue;
        const value = countValue(entry, c.name, c.unit, c.display);
        if (value) {
          day[c.name] = { ...value, date, ...(entry.reference ? { reference: entry.reference } : {}) };
          break;
        }
      }
    }
    latestDay ??= { date, counts: day };
    if (isComplete(day)) {
      latestComplete = { date, counts: day };
      break;
    }
  }
  return {
    counts,
    ...(latestComplete ? { latestCompleteDate: latestComplete.date, latestComplete: latestComplete.counts } : {}),
    ...(latestDay ? { latestDay } : {}),
    missingFromLatest: latestDay ? missingFromCount(latestDay.counts) : ['platelets', 'hemoglobin', 'neutrophils'],
  };
}

/** The newest count; an unreadable newest value makes the count unparseable. */
function latestCount(entries: DatedResult[], name: BloodCountName, unit: string, display: string, referenceDate: string, windowDays: number): Fact<CountValue> {
  const newest = entries[0];
  if (!newest) return missing();
  const value = countValue(newest, name, unit, display);
  return value ? judged(value, newest, referenceDate, windowDays, { unit: display }) : unparseable(newest);
}

function countValue(entry: DatedResult, name: BloodCountName, unit: string, display: string): CountValue | undefined {
  const options = name === 'hemoglobin' ? { molecularWeight: MOLECULAR_WEIGHT.hemoglobin } : {};
  const v = readQuantity(entry.resource, unit, options);
  if (v === UNPARSEABLE || v === undefined || v < 0) return undefined;
  const value = Number(v.toPrecision(6));
  return { value, unit: display, ctcaeGrade: ctcaeGrade(name, value, lowerLimit(entry, unit, name)) };
}

function lowerLimit(entry: DatedResult, unit: string, name: BloodCountName): number | undefined {
  const ranges = Array.isArray(entry.resource.referenceRange) ? entry.resource.referenceRange : [];
  for (const r of ranges) {
    if (!isObject(r)) continue;
    const low = asQuantity(r.low);
    if (!low) continue;
    const v = convertQuantity(low, unit, name === 'hemoglobin' ? { molecularWeight: MOLECULAR_WEIGHT.hemoglobin } : {});
    if (v !== undefined) return v;
  }
  return undefined;
}
