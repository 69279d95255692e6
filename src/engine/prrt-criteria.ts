/**
 * PRRT eligibility criteria (guideline § "Eligibility criteria, dosing, and administration":
 * SSTR-positive, sufficient marrow reserve, creatinine clearance > 50 mL/min, Karnofsky > 50,
 * expected survival > 3 months), judged on a reference date. Shared by the order checks
 * (`prrt.*`) and by `second.prrt`, so both say the same thing about the same chart.
 *
 * Each criterion answers met / not met / unverified (unknown, stale, conflicting or
 * borderline) / info, with the facts it used. A criterion that is unknown never counts as met.
 */
import type { CardFact, Indicator } from '../cds-types.js';
import type { ClinicalConfig } from '../config.js';
import { MBQ_PER_MCI } from '../config.js';
import { CTCAE_VERSION } from '../fhir-mapping/ctcae.js';
import { addMonths, daysBetween } from '../fhir-mapping/dates.js';
import { COUNT_UNITS } from '../fhir-mapping/derive/blood-count.js';
import { PRRT_CRCL_CUTOFF } from '../fhir-mapping/derive/kidney.js';
import { describe as describePerformance, performanceVerdict } from '../fhir-mapping/derive/performance.js';
import { STANDARD_LU177_MBQ } from '../fhir-mapping/derive/therapy-history.js';
import type { BloodCountName, Facts, KidneyValue, PerformanceValue } from '../fhir-mapping/facts.js';
import { describe, factRow, knownRow, missingRow } from './fact-display.js';

export type Verdict = 'met' | 'not-met' | 'unverified' | 'info';

export interface CriterionResult {
  verdict: Verdict;
  /** One line for a criteria list: "creatinine clearance 62 mL/min on 2026-11-20 (measured): met". */
  line: string;
  rows: CardFact[];
  view: Record<string, unknown>;
}

export const INDICATOR_OF: Record<Exclude<Verdict, 'met'>, Indicator> = { 'not-met': 'critical', unverified: 'warning', info: 'info' };

/** eGFR proxies in this band are never taken as passing (rules.md §2 `crcl`). */
const EGFR_PROXY_BAND: [number, number] = [45, 55];

export function sstrCriterion(facts: Facts, referenceDate: string, config: ClinicalConfig): CriterionResult {
  const sstr = facts.sstr;
  const rows = [factRow('SSTR imaging', sstr)];
  if (sstr.status !== 'known') {
    return { verdict: 'unverified', line: `SSTR imaging: ${describe(sstr)}`, rows, view: { unknown: true, status: describe(sstr) } };
  }
  if (sstr.value === 'negative') {
    return { verdict: 'not-met', line: `SSTR imaging negative on ${sstr.date ?? 'an unknown date'}`, rows, view: { negative: true, date: sstr.date } };
  }
  const date = sstr.date!;
  const latestProgression = facts.progressions.filter((p) => p.date <= referenceDate).pop();
  const tooOld = date < addMonths(referenceDate, -config.sstrFreshnessMonths);
  const beforeProgression = latestProgression !== undefined && date < latestProgression.date;
  if (tooOld || beforeProgression) {
    if (latestProgression && beforeProgression) rows.push(knownRow('latest progression', 'progression', { date: latestProgression.date, ...(latestProgression.reference ? { reference: latestProgression.reference } : {}) }));
    const why = [
      tooOld ? `older than ${config.sstrFreshnessMonths} months` : undefined,
      beforeProgression ? `before the latest progression on ${latestProgression!.date}` : undefined,
    ].filter(Boolean).join(' and ');
    return { verdict: 'unverified', line: `SSTR imaging positive on ${date}, ${why}`, rows, view: { stale: true, date, why } };
  }
  return { verdict: 'met', line: `SSTR imaging positive on ${date}`, rows, view: { date } };
}

function kidneyPhrase(v: KidneyValue, method: string | undefined, date: string | undefined): string {
  return `creatinine clearance ${v.mlPerMin} mL/min${date ? ` on ${date}` : ''}${method ? ` (${method})` : ''}`;
}

export function kidneyCriterion(facts: Facts): CriterionResult {
  const kidney = facts.kidney;
  const rows = [factRow('creatinine clearance', kidney, (v) => v.mlPerMin, 'mL/min')];
  if (kidney.status !== 'known') {
    return { verdict: 'unverified', line: `creatinine clearance: ${describe(kidney, (v) => String(v.mlPerMin))}`, rows, view: { unknown: true, status: describe(kidney, (v) => String(v.mlPerMin)) } };
  }
  const v = kidney.value;
  const phrase = kidneyPhrase(v, kidney.method, kidney.date);
  const conflict = facts.kidneyConflict;
  const conflictPhrase = conflict ? kidneyPhrase(conflict.value, conflict.method, conflict.date) : undefined;
  if (conflict) rows.push(factRow('creatinine clearance (other method)', conflict, (c) => c.mlPerMin, 'mL/min'));
  const proxyBorderline = v.method === 'egfr-proxy' && v.mlPerMin >= EGFR_PROXY_BAND[0] && v.mlPerMin <= EGFR_PROXY_BAND[1];
  const view = { value: v.mlPerMin, phrase, conflict: conflictPhrase, proxy: v.method === 'egfr-proxy', proxyBorderline, cutoff: PRRT_CRCL_CUTOFF };
  if (proxyBorderline) return { verdict: 'unverified', line: `${phrase}: an eGFR proxy near the cut-off`, rows, view };
  if (v.mlPerMin <= PRRT_CRCL_CUTOFF) return { verdict: 'not-met', line: `${phrase}: at or below ${PRRT_CRCL_CUTOFF} mL/min`, rows, view: { ...view, fails: true } };
  if (conflict) return { verdict: 'unverified', line: `${phrase}, but ${conflictPhrase}`, rows, view };
  return { verdict: 'met', line: phrase, rows, view };
}

export function performanceCriterion(facts: Facts): CriterionResult {
  const p = facts.performance;
  const rows = [factRow('performance status', p, (v) => describePerformance(v))];
  if (p.status !== 'known') {
    return { verdict: 'unverified', line: `performance status: ${describe(p, describePerformance)}`, rows, view: { unknown: true, status: describe(p, describePerformance) } };
  }
  const phrase = `${describePerformance(p.value)} on ${p.date}`;
  const conflict = facts.performanceConflict;
  const conflictPhrase = conflict ? `${describePerformance(conflict.value)} on ${conflict.date}` : undefined;
  if (conflict) rows.push(factRow('performance status (other record)', conflict, (c: PerformanceValue) => describePerformance(c)));
  const verdict = performanceVerdict(p.value);
  const view = { phrase, conflict: conflictPhrase, ecog2: p.value.scale === 'ecog' && p.value.score === 2 };
  if (verdict === 'fail') return { verdict: 'not-met', line: `${phrase}: Karnofsky 50 or below`, rows, view: { ...view, fails: true } };
  if (verdict === 'indeterminate') return { verdict: 'unverified', line: `${phrase}: ECOG 2 spans Karnofsky 50–60, so it cannot show Karnofsky > 50`, rows, view };
  if (conflict) return { verdict: 'unverified', line: `${phrase}, but ${conflictPhrase}`, rows, view };
  return { verdict: 'met', line: phrase, rows, view };
}

const COUNT_LABEL: Record<BloodCountName, string> = {
  platelets: 'platelets',
  hemoglobin: 'haemoglobin',
  neutrophils: 'neutrophils (ANC)',
  leukocytes: 'white cells',
  lymphocytes: 'lymphocytes',
};

/**
 * Marrow reserve on the newest complete count within the lab window. First dose of a course:
 * CTCAE grade ≥ 3 platelets, Hb, ANC or WBC fails. Later doses of a course: platelets grade ≥ 2
 * also warn (label: withhold). Incomplete or stale counts warn and name what is missing;
 * isolated lymphopenia is information only.
 */
export function marrowCriterion(facts: Facts, referenceDate: string, config: ClinicalConfig, firstDoseOfCourse: boolean): CriterionResult {
  const bc = facts.bloodCount;
  const window = config.labFreshnessDays;
  const completeDate = bc.latestCompleteDate;
  const freshComplete = completeDate !== undefined && daysBetween(completeDate, referenceDate) <= window && daysBetween(completeDate, referenceDate) >= 0;
  if (!freshComplete || !bc.latestComplete) {
    const rows = (['platelets', 'hemoglobin', 'neutrophils', 'leukocytes'] as BloodCountName[]).map((n) => factRow(COUNT_LABEL[n], bc.counts[n], (v) => v.value));
    const newestAnyDate = (['platelets', 'hemoglobin', 'neutrophils', 'leukocytes'] as BloodCountName[])
      .map((n) => bc.counts[n].date)
      .filter((d): d is string => d !== undefined)
      .sort()
      .pop();
    const recentButIncomplete = newestAnyDate !== undefined && daysBetween(newestAnyDate, referenceDate) <= window;
    const missingNames = recentButIncomplete ? bc.missingFromLatest.map((n) => (n === 'neutrophils' ? 'ANC or white cell count' : COUNT_LABEL[n])) : [];
    const line = recentButIncomplete
      ? `blood count of ${newestAnyDate} is incomplete: ${missingNames.join(', ')} missing`
      : completeDate
        ? `latest complete blood count ${completeDate} is older than ${window} days`
        : 'no complete blood count on file';
    return { verdict: 'unverified', line, rows, view: { incomplete: recentButIncomplete, missing: missingNames.join(', '), stale: !recentButIncomplete, completeDate, window } };
  }
  const day = bc.latestComplete;
  const rows: CardFact[] = [];
  const graded: Array<{ name: BloodCountName; grade: number; value: number }> = [];
  for (const name of ['platelets', 'hemoglobin', 'neutrophils', 'leukocytes', 'lymphocytes'] as BloodCountName[]) {
    const c = day[name];
    if (!c) continue;
    rows.push(knownRow(`${COUNT_LABEL[name]} (${CTCAE_VERSION} grade ${c.ctcaeGrade})`, c.value, { unit: COUNT_UNITS[name], date: c.date, ...(c.reference ? { reference: c.reference } : {}) }));
    graded.push({ name, grade: c.ctcaeGrade, value: c.value });
  }
  const describeCount = (g: { name: BloodCountName; grade: number; value: number }) => `${COUNT_LABEL[g.name]} ${g.value} ${COUNT_UNITS[g.name]} (grade ${g.grade})`;
  const marrowCounts = graded.filter((g) => g.name !== 'lymphocytes');
  const severe = marrowCounts.filter((g) => g.grade >= 3);
  const plateletsG2 = !firstDoseOfCourse ? marrowCounts.filter((g) => g.name === 'platelets' && g.grade === 2) : [];
  const lymphopenia = graded.find((g) => g.name === 'lymphocytes' && g.grade >= 3);
  const mild = marrowCounts.filter((g) => g.grade >= 1 && g.grade <= 2);
  const view = {
    date: completeDate,
    firstDoseOfCourse,
    severe: severe.map(describeCount).join(', '),
    plateletsG2: plateletsG2.map(describeCount).join(', '),
    lymphopenia: lymphopenia ? describeCount(lymphopenia) : undefined,
    mild: mild.map(describeCount).join(', '),
    ctcae: CTCAE_VERSION,
  };
  if (severe.length > 0) return { verdict: 'not-met', line: `blood count ${completeDate}: ${view.severe}`, rows, view };
  if (plateletsG2.length > 0) return { verdict: 'unverified', line: `blood count ${completeDate}: ${view.plateletsG2} before a later dose of the course`, rows, view };
  if (lymphopenia) return { verdict: 'info', line: `blood count ${completeDate}: isolated ${view.lymphopenia}`, rows, view };
  return { verdict: 'met', line: `blood count ${completeDate}${mild.length ? `: ${view.mild} (grade 1–2 is usually acceptable)` : ': no cytopenia of grade 1 or more'}`, rows, view };
}

export interface CumulativeActivity {
  priorMBq: number;
  orderMBq: number;
  totalMBq: number;
  limitMBq: number;
  assumedDoses: string[];
  orderAssumed: boolean;
}

/**
 * Cumulative Lu-177 activity in integer MBq; doses without a recorded activity count 7400 MBq.
 * With an order, its activity is added (7400 MBq when the order does not state one).
 */
export function cumulativeActivity(facts: Facts, config: ClinicalConfig, order?: { activityMBq?: number }): CumulativeActivity {
  let prior = 0;
  const assumed: string[] = [];
  for (const dose of facts.therapies.lu177Doses) {
    prior += dose.activityMBq ?? STANDARD_LU177_MBQ;
    if (dose.activityMBq === undefined) assumed.push(dose.date);
  }
  const orderMBq = order ? (order.activityMBq ?? STANDARD_LU177_MBQ) : 0;
  return {
    priorMBq: prior,
    orderMBq,
    totalMBq: prior + orderMBq,
    limitMBq: config.lifetimeLimitMBq,
    assumedDoses: assumed,
    orderAssumed: order !== undefined && order.activityMBq === undefined,
  };
}

export function formatActivity(mbq: number): string {
  const gbq = (mbq / 1000).toFixed(1);
  const mci = Math.round(mbq / MBQ_PER_MCI);
  return `${thousands(mbq)} MBq (${gbq} GBq, ${mci} mCi)`;
}

/** 66600 → "66,600" (as toLocaleString('en-US') would, without its cost on the hot path). */
function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function lifetimeCriterion(facts: Facts, config: ClinicalConfig): CriterionResult {
  const a = cumulativeActivity(facts, config);
  const rows = facts.therapies.lu177Doses.map((d) =>
    knownRow('Lu-177 dose', d.activityMBq ?? STANDARD_LU177_MBQ, { unit: d.activityMBq === undefined ? 'MBq (not recorded: 7400 assumed)' : 'MBq', date: d.date, ...(d.reference ? { reference: d.reference } : {}) }),
  );
  if (!facts.therapies.historyAvailable) {
    return { verdict: 'unverified', line: 'cumulative Lu-177 activity: dose history could not be retrieved', rows: [missingRow('Lu-177 dose history', 'could not be retrieved')], view: { unavailable: true } };
  }
  const remaining = a.limitMBq - a.priorMBq;
  const line = `cumulative Lu-177 activity ${formatActivity(a.priorMBq)} of the ${formatActivity(a.limitMBq)} limit`;
  if (remaining <= 0) return { verdict: 'not-met', line: `${line}: limit reached`, rows, view: { total: formatActivity(a.priorMBq), limit: formatActivity(a.limitMBq) } };
  return { verdict: 'met', line, rows, view: { total: formatActivity(a.priorMBq), limit: formatActivity(a.limitMBq), remaining: formatActivity(remaining) } };
}
