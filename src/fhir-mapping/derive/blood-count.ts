/**
 * Blood counts (rules.md §2 `bloodCount`): platelets, haemoglobin, ANC, WBC and lymphocytes with
 * their CTCAE v5 grade. A complete count is platelets + Hb + (ANC or WBC) from one date.
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

export function deriveBloodCount(index: ChartIndex, referenceDate: string, windowDays: number): { bloodCount: BloodCount; completeDates: string[]; byDate: Map<string, DayCounts> } {
  const byDate = new Map<string, DayCounts>();
  const counts = {} as Record<BloodCountName, Fact<CountValue>>;
  for (const { name, set, unit, display } of COUNTS) {
    const entries = index.results.get(set) ?? [];
    let latest: Fact<CountValue> = missing();
    let latestSet = false;
    for (const entry of entries) {
      const value = readCount(entry, unit, name);
      if (value === UNPARSEABLE || value === undefined) {
        if (!latestSet) {
          latest = unparseable(entry);
          latestSet = true;
        }
        continue;
      }
      const countValue: CountValue = { value, unit: display, ctcaeGrade: ctcaeGrade(name, value, lowerLimit(entry, unit, name)) };
      if (!latestSet) {
        latest = judged(countValue, entry, referenceDate, windowDays, { unit: display });
        latestSet = true;
      }
      let day = byDate.get(entry.date);
      if (!day) byDate.set(entry.date, (day = {}));
      if (!day[name]) day[name] = { ...countValue, date: entry.date, ...(entry.reference ? { reference: entry.reference } : {}) };
    }
    counts[name] = latest;
  }
  const dates = [...byDate.keys()].sort().reverse();
  const completeDates = dates.filter((d) => isComplete(byDate.get(d)!));
  const latestCompleteDate = completeDates[0];
  const newestDay = dates[0] ? byDate.get(dates[0])! : undefined;
  const bloodCount: BloodCount = {
    counts,
    ...(latestCompleteDate ? { latestCompleteDate, latestComplete: byDate.get(latestCompleteDate) } : {}),
    ...(newestDay ? { latestDay: { date: dates[0]!, counts: newestDay } } : {}),
    missingFromLatest: newestDay ? missingFromCount(newestDay) : ['platelets', 'hemoglobin', 'neutrophils'],
  };
  return { bloodCount, completeDates, byDate };
}

function readCount(entry: DatedResult, unit: string, name: BloodCountName): number | typeof UNPARSEABLE | undefined {
  const options = name === 'hemoglobin' ? { molecularWeight: MOLECULAR_WEIGHT.hemoglobin } : {};
  const v = readQuantity(entry.resource, unit, options);
  if (v === UNPARSEABLE || v === undefined) return v;
  return v < 0 ? UNPARSEABLE : Number(v.toPrecision(6));
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
