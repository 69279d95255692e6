/**
 * Performance status (rules.md §2 `kps`): Karnofsky as recorded, or ECOG mapped to a Karnofsky
 * range (0 → 90–100, 1 → 70–80, 2 → 50–60, 3 → 30–40, 4 → 10–20, 5 → 0; clinical-facts.md §4).
 * The newest valid value within the window wins; another value in the window on the other side
 * of the PRRT cut-off (Karnofsky > 50, i.e. ≥ 60) is kept for the card.
 */
import type { ChartIndex, DatedResult } from '../chart.js';
import { daysBetween } from '../dates.js';
import { judged, unparseable } from '../fact-builders.js';
import { codingsOf } from '../fhir-access.js';
import { missing, type Fact, type KnownFact, type PerformanceValue } from '../facts.js';
import { readScore, UNPARSEABLE } from '../values.js';
import { LOINC, SNOMED } from '../code-systems.js';

const ECOG_TO_KPS: Record<number, [number, number]> = { 0: [90, 100], 1: [70, 80], 2: [50, 60], 3: [30, 40], 4: [10, 20], 5: [0, 0] };

/** SNOMED ECOG grade findings and the LOINC answer for ECOG 0 / Karnofsky 90 (terminology list). */
const ECOG_ANSWERS: Record<string, number> = {
  [`${SNOMED}|425389002`]: 0,
  [`${SNOMED}|422512005`]: 1,
  [`${SNOMED}|422894000`]: 2,
  [`${SNOMED}|423053003`]: 3,
  [`${SNOMED}|423237006`]: 4,
  [`${SNOMED}|423409001`]: 5,
  [`${LOINC}|LA9622-7`]: 0,
};
const KPS_ANSWERS: Record<string, number> = { [`${LOINC}|LA29176-7`]: 90 };

export type PerformanceVerdict = 'pass' | 'fail' | 'indeterminate';

/** Karnofsky > 50 means ≥ 60 (10-point scale): a range is decisive only when wholly on one side. */
export function performanceVerdict(p: PerformanceValue): PerformanceVerdict {
  if (p.kpsMin >= 60) return 'pass';
  if (p.kpsMax <= 50) return 'fail';
  return 'indeterminate';
}

interface Candidate {
  value: PerformanceValue;
  entry: DatedResult;
}

export function derivePerformance(
  index: ChartIndex,
  referenceDate: string,
  windowDays: number,
): { performance: Fact<PerformanceValue>; conflict?: KnownFact<PerformanceValue> } {
  const candidates: Candidate[] = [];
  const unreadable: DatedResult[] = [];
  for (const entry of index.results.get('karnofsky') ?? []) {
    const score = readCoded(entry, KPS_ANSWERS) ?? readScore(entry.resource);
    if (score === UNPARSEABLE || score === undefined || score < 0 || score > 100 || score % 10 !== 0) unreadable.push(entry);
    else candidates.push({ entry, value: { kpsMin: score, kpsMax: score, scale: 'karnofsky', score } });
  }
  for (const entry of index.results.get('ecog') ?? []) {
    const score = readCoded(entry, ECOG_ANSWERS) ?? readScore(entry.resource);
    const range = typeof score === 'number' ? ECOG_TO_KPS[score] : undefined;
    if (!range) unreadable.push(entry);
    else candidates.push({ entry, value: { kpsMin: range[0], kpsMax: range[1], scale: 'ecog', score: score as number } });
  }
  if (candidates.length === 0) {
    const newest = unreadable.sort((a, b) => b.instant - a.instant)[0];
    return { performance: newest ? unparseable(newest) : missing() };
  }
  // Newest first; on the same day a recorded Karnofsky beats a mapped ECOG.
  candidates.sort((a, b) => b.entry.instant - a.entry.instant || (a.value.scale === 'karnofsky' ? -1 : 1));
  const best = candidates[0]!;
  const performance = judged(best.value, best.entry, referenceDate, windowDays, { method: describe(best.value) });
  let conflict: KnownFact<PerformanceValue> | undefined;
  if (performance.status === 'known') {
    const verdict = performanceVerdict(best.value);
    const other = candidates.find((c) => {
      if (c === best || daysBetween(c.entry.date, referenceDate) > windowDays) return false;
      const v = performanceVerdict(c.value);
      return v !== 'indeterminate' && verdict !== 'indeterminate' && v !== verdict;
    });
    if (other) conflict = { status: 'known', value: other.value, date: other.entry.date, method: describe(other.value), ...(other.entry.reference ? { reference: other.entry.reference } : {}) };
  }
  return { performance, conflict };
}

function readCoded(entry: DatedResult, answers: Record<string, number>): number | undefined {
  for (const c of codingsOf(entry.resource.valueCodeableConcept)) {
    const v = answers[`${c.system}|${c.code}`];
    if (v !== undefined) return v;
  }
  return undefined;
}

export function describe(p: PerformanceValue): string {
  return p.scale === 'karnofsky' ? `Karnofsky ${p.score}` : `ECOG ${p.score} (Karnofsky ${p.kpsMin}–${p.kpsMax})`;
}
