/**
 * Order checks for Lu-177 dotatate (rules.md §4, `prrt.*`). Every criterion is judged on the
 * planned dose date (or today, said on the card). One card per failed or unverifiable
 * criterion, then exactly one of `prrt.checklist` (every criterion verified) or
 * `prrt.reminders` (any critical or warning PRRT card).
 *
 * Thresholds (rules.md §4; guideline § "Eligibility criteria, dosing, and administration"):
 * - SSTR negative: critical; unknown, older than 6 months or older than the latest progression: warning.
 * - CrCl ≤ 50 mL/min: critical (50 fails, 51 passes); unknown, stale, eGFR proxy 45–55,
 *   or methods disagreeing across 50: warning.
 * - Karnofsky ≤ 50 or ECOG ≥ 3: critical; ECOG 2, unknown or stale: warning.
 * - Marrow: first dose of a course — CTCAE grade ≥ 3 platelets, Hb, ANC or WBC critical; later
 *   doses — platelets grade ≥ 2 also warn; incomplete/stale count warns; isolated lymphopenia info.
 * - Long-acting SSA < 28 days before (27 warns, 28 passes), or active with no known last dose: warning.
 * - Short-acting octreotide within 24 h before: warning.
 * - Previous dose < 49 days before (48 warns, 49 passes): warning.
 * - Latest course already has 4 doses: warning (`prrt.course`); a prior course with benefit
 *   < 12 months or unknown: warning (`prrt.retreatment`).
 * - No guideline indication on record: warning.
 * - Cumulative activity including this order above the institutional limit: critical.
 * - Ordered activity outside 7.4 GBq ± 3 %: info.
 * - Age < 12 critical; birth date unknown warning; 12–17 info.
 * - Pregnant or positive hCG: critical; reproductive potential without a status within 30 days: warning.
 * - Pancreatic NET or G3: info.
 */
import type { CardFact, Indicator } from '../cds-types.js';
import { anyValue } from '../fhir-mapping/fact-builders.js';
import { addDays, daysBetween } from '../fhir-mapping/dates.js';
import { STANDARD_LU177_MBQ } from '../fhir-mapping/derive/therapy-history.js';
import { knownValue, type Facts, type PrrtCourse } from '../fhir-mapping/facts.js';
import { describe, factRow, knownRow, missingRow } from './fact-display.js';
import {
  cumulativeActivity,
  formatActivity,
  INDICATOR_OF,
  kidneyCriterion,
  marrowCriterion,
  performanceCriterion,
  sstrCriterion,
  type CriterionResult,
} from './prrt-criteria.js';
import { conditionRows, isHighGrade } from './scope.js';
import { DOSE_INTERVAL_DAYS, DOSES_PER_COURSE, SSA_WASHOUT_DAYS } from './ssa.js';
import { latestProgression } from './treatment-lines.js';
import { ON_SSA_WINDOW_DAYS, PRRT_COURSE_GAP_DAYS } from '../fhir-mapping/derive/therapy-history.js';
import type { Finding, OrderContext, PrrtRuleId, Rule } from './types.js';

/** 8 weeks minus the label's 1-week tolerance. */
export const MIN_INTERVAL_DAYS = 49;
const DOSE_TOLERANCE = 0.03;

const isLu177 = (ctx: OrderContext) => ctx.order.agent === 'lu177-dotatate';

/** Where this order falls: a later dose of the course under way, or the first dose of a (new) course. */
export function placeInCourse(facts: Facts, plannedDate: string): { continuing?: PrrtCourse; latest?: PrrtCourse; previousDose?: Facts['therapies']['lu177Doses'][number] } {
  const doses = facts.therapies.lu177Doses.filter((d) => d.date < plannedDate);
  const previousDose = doses[doses.length - 1];
  const latest = [...facts.prrtCourses].reverse().find((c) => c.start < plannedDate);
  const continuing =
    latest &&
    latest.doses.length < DOSES_PER_COURSE &&
    daysBetween(latest.lastDose, plannedDate) <= PRRT_COURSE_GAP_DAYS &&
    !facts.progressions.some((p) => p.date > latest.lastDose && p.date <= plannedDate)
      ? latest
      : undefined;
  return { ...(continuing ? { continuing } : {}), ...(latest ? { latest } : {}), ...(previousDose ? { previousDose } : {}) };
}

function baseView(ctx: OrderContext): Record<string, unknown> {
  return { plannedDate: ctx.plannedDate, plannedDateAssumed: ctx.plannedDateAssumed, order: ctx.order.reference };
}

function finding(ctx: OrderContext, ruleId: PrrtRuleId, indicator: Indicator, facts: CardFact[], view: Record<string, unknown>): Finding {
  const f: Finding = { ruleId, indicator, facts, view: { ...baseView(ctx), ...view, [indicator]: true }, order: ctx.order.reference };
  if (indicator === 'critical') {
    f.suggestions = [{ kind: 'remove-draft-order', resourceId: ctx.order.reference, display: ctx.order.display }];
    f.selectionBehavior = 'at-most-one';
  }
  return f;
}

function fromCriterion(ctx: OrderContext, ruleId: PrrtRuleId, result: CriterionResult, extra: Record<string, unknown> = {}): Finding[] {
  if (result.verdict === 'met') return [];
  return [finding(ctx, ruleId, INDICATOR_OF[result.verdict], result.rows, { ...result.view, line: result.line, ...extra })];
}

// ---- One evaluation per order: the criteria cards, then checklist or reminders ----------------

type CriterionRule = (ctx: OrderContext) => Finding[];

interface CriterionSpec {
  id: PrrtRuleId;
  when: string;
  indicators: Indicator[];
  evaluate: CriterionRule;
}

const CRITERIA: CriterionSpec[] = [
  {
    id: 'prrt.sstr',
    when: 'Latest SSTR imaging negative (critical); unknown, older than 6 months or older than the latest progression (warning; suggests SSTR PET).',
    indicators: ['critical', 'warning'],
    evaluate: (ctx) => {
      const found = fromCriterion(ctx, 'prrt.sstr', sstrCriterion(ctx.facts, ctx.plannedDate, ctx.config));
      for (const f of found) {
        if (f.indicator !== 'warning') continue;
        f.suggestions = [{ kind: 'order-sstr-pet' }];
        f.selectionBehavior = 'at-most-one';
      }
      return found;
    },
  },
  {
    id: 'prrt.kidney',
    when: 'Creatinine clearance ≤ 50 mL/min (critical); unknown, older than 30 days, an eGFR proxy of 45–55, or two methods disagreeing across 50 (warning).',
    indicators: ['critical', 'warning'],
    evaluate: (ctx) => fromCriterion(ctx, 'prrt.kidney', kidneyCriterion(ctx.facts)),
  },
  {
    id: 'prrt.performance',
    when: 'Karnofsky ≤ 50 or ECOG ≥ 3 (critical); ECOG 2, unknown, older than 90 days, or records disagreeing across the cut-off (warning).',
    indicators: ['critical', 'warning'],
    evaluate: (ctx) => fromCriterion(ctx, 'prrt.performance', performanceCriterion(ctx.facts)),
  },
  {
    id: 'prrt.marrow',
    when: 'CTCAE grade ≥ 3 platelets, Hb, ANC or WBC (critical); later dose of a course with grade 2 platelets, or a count incomplete/older than 30 days (warning); isolated grade ≥ 3 lymphopenia (info).',
    indicators: ['critical', 'warning', 'info'],
    evaluate: (ctx) => fromCriterion(ctx, 'prrt.marrow', marrowCriterion(ctx.facts, ctx.plannedDate, ctx.config, !placeInCourse(ctx.facts, ctx.plannedDate).continuing)),
  },
  {
    id: 'prrt.ssa-washout',
    when: 'Last long-acting SSA dose < 28 days before the planned date (states the earliest date), an active long-acting SSA with no known last dose, or medication history unavailable.',
    indicators: ['warning'],
    evaluate: ssaWashout,
  },
  { id: 'prrt.short-acting', when: 'Short-acting octreotide given within 24 h before the planned dose, or an active or draft order for it.', indicators: ['warning'], evaluate: shortActing },
  { id: 'prrt.interval', when: 'Previous Lu-177 dose < 49 days before the planned date (states the due date), or dose history unavailable.', indicators: ['warning'], evaluate: interval },
  { id: 'prrt.course', when: 'The latest PRRT course already has 4 doses: this order starts a retreatment.', indicators: ['warning'], evaluate: courseFull },
  { id: 'prrt.retreatment', when: 'The order starts a new course after a course whose benefit (to the first progression) was < 12 months or is not documented.', indicators: ['warning'], evaluate: retreatment },
  {
    id: 'prrt.indication',
    when: 'No guideline indication on record: not Ki-67 10–20 % with high burden or bulk, no progression while on a long-acting SSA, not a retreatment after ≥ 12 months of benefit.',
    indicators: ['warning'],
    evaluate: indication,
  },
  {
    id: 'prrt.lifetime-dose',
    when: 'Cumulative administered activity including this order above the institutional limit (critical; default 1600 mCi), or dose history unavailable (warning).',
    indicators: ['critical', 'warning'],
    evaluate: lifetimeDose,
  },
  { id: 'prrt.dose', when: 'Ordered activity not within 7.4 GBq ± 3 %, or not stated.', indicators: ['info'], evaluate: orderedDose },
  { id: 'prrt.age', when: 'Age < 12 (critical); birth date unknown (warning); age 12–17 (info).', indicators: ['critical', 'warning', 'info'], evaluate: age },
  {
    id: 'prrt.pregnancy',
    when: 'Pregnant or positive hCG (critical); reproductive potential (female 12–55 unless documented otherwise) and no pregnancy status within 30 days (warning).',
    indicators: ['critical', 'warning'],
    evaluate: pregnancy,
  },
  { id: 'prrt.scope', when: 'Pancreatic NET, G3 or neuroendocrine carcinoma on record.', indicators: ['info'], evaluate: scope },
];

const evaluated = new WeakMap<OrderContext, Finding[]>();

/** All criterion findings for a Lu-177 order, computed once per order context. */
export function criterionFindings(ctx: OrderContext): Finding[] {
  const cached = evaluated.get(ctx);
  if (cached) return cached;
  const findings = isLu177(ctx) ? CRITERIA.flatMap((c) => c.evaluate(ctx)) : [];
  evaluated.set(ctx, findings);
  return findings;
}

const blocksChecklist = (f: Finding) => f.indicator === 'critical' || f.indicator === 'warning';

function ssaWashout(ctx: OrderContext): Finding[] {
  const { facts, plannedDate } = ctx;
  if (!facts.therapies.historyAvailable) {
    return [finding(ctx, 'prrt.ssa-washout', 'warning', [missingRow('medication history', 'could not be retrieved')], { unavailable: true })];
  }
  const ssa = facts.therapies.longActingSsa;
  if (!ssa) return [];
  const formulationAssumed = ssa.agents.some((a) => a.includes('not stated'));
  const rows: CardFact[] = [];
  const last = ssa.lastDose;
  if (last) {
    rows.push(knownRow('last long-acting SSA dose', ssa.agents.join(' / '), { date: last.date, ...(last.reference ? { reference: last.reference } : {}) }));
    const days = daysBetween(last.date, plannedDate);
    if (days < SSA_WASHOUT_DAYS) {
      return [finding(ctx, 'prrt.ssa-washout', 'warning', rows, { lastDose: last.date, days, earliestDate: addDays(last.date, SSA_WASHOUT_DAYS), agents: ssa.agents.join(' / '), formulationAssumed })];
    }
    return [];
  }
  if (ssa.active) {
    rows.push(knownRow('long-acting SSA', `${ssa.agents.join(' / ')} (active, no dose date on record)`, { ...(ssa.firstDate ? { date: ssa.firstDate } : {}) }));
    return [finding(ctx, 'prrt.ssa-washout', 'warning', rows, { noLastDose: true, agents: ssa.agents.join(' / '), formulationAssumed })];
  }
  return [];
}

function shortActing(ctx: OrderContext): Finding[] {
  const { facts, plannedDate } = ctx;
  const dayBefore = addDays(plannedDate, -1);
  const given = facts.therapies.shortActingOctreotide.find((r) => r.kind === 'dose' && r.date !== undefined && r.date >= dayBefore && r.date <= plannedDate);
  const activeOrder = facts.therapies.shortActingOctreotide.find((r) => r.kind === 'order' && r.active);
  const draft = ctx.drafts.find((d) => d.agent === 'octreotide' && d.formulation === 'short-acting');
  if (!given && !activeOrder && !draft) return [];
  const rows: CardFact[] = [];
  if (given) rows.push(knownRow('short-acting octreotide given', 'dose', { date: given.date!, ...(given.reference ? { reference: given.reference } : {}) }));
  if (activeOrder) rows.push(knownRow('short-acting octreotide order', 'active', { ...(activeOrder.date ? { date: activeOrder.date } : {}), ...(activeOrder.reference ? { reference: activeOrder.reference } : {}) }));
  if (draft) rows.push(knownRow('short-acting octreotide order (this session)', 'draft', { reference: draft.reference }));
  return [finding(ctx, 'prrt.short-acting', 'warning', rows, { givenDate: given?.date, activeOrder: activeOrder !== undefined || draft !== undefined, stopBy: addDays(plannedDate, -1) })];
}

function interval(ctx: OrderContext): Finding[] {
  const { facts, plannedDate } = ctx;
  if (!facts.therapies.historyAvailable) {
    return [finding(ctx, 'prrt.interval', 'warning', [missingRow('Lu-177 dose history', 'could not be retrieved')], { unavailable: true })];
  }
  const previous = placeInCourse(facts, plannedDate).previousDose;
  if (!previous) return [];
  const days = daysBetween(previous.date, plannedDate);
  if (days >= MIN_INTERVAL_DAYS) return [];
  return [
    finding(ctx, 'prrt.interval', 'warning', [knownRow('previous Lu-177 dose', previous.activityMBq ?? 'activity not recorded', { ...(previous.activityMBq ? { unit: 'MBq' } : {}), date: previous.date, ...(previous.reference ? { reference: previous.reference } : {}) })], {
      previousDose: previous.date,
      days,
      dueDate: addDays(previous.date, DOSE_INTERVAL_DAYS),
      earliestDate: addDays(previous.date, MIN_INTERVAL_DAYS),
    }),
  ];
}

function courseRows(course: PrrtCourse): CardFact[] {
  return course.doses.map((d) => knownRow('Lu-177 dose', d.activityMBq ?? 'activity not recorded', { ...(d.activityMBq ? { unit: 'MBq' } : {}), date: d.date, ...(d.reference ? { reference: d.reference } : {}) }));
}

function courseFull(ctx: OrderContext): Finding[] {
  const latest = placeInCourse(ctx.facts, ctx.plannedDate).latest;
  if (!latest || latest.doses.length < DOSES_PER_COURSE) return [];
  return [finding(ctx, 'prrt.course', 'warning', courseRows(latest), { doses: latest.doses.length, courseStart: latest.start, courseEnd: latest.lastDose })];
}

function retreatment(ctx: OrderContext): Finding[] {
  const place = placeInCourse(ctx.facts, ctx.plannedDate);
  if (place.continuing || !place.latest) return [];
  const course = place.latest;
  const benefit = course.benefitMonths;
  if (benefit !== undefined && benefit >= 12) return [];
  const rows = courseRows(course);
  if (course.progressionAfter) rows.push(knownRow('first progression after the course', 'progression', { date: course.progressionAfter.date, ...(course.progressionAfter.reference ? { reference: course.progressionAfter.reference } : {}) }));
  else rows.push(missingRow('progression after the course', 'none recorded: duration of benefit unknown'));
  return [finding(ctx, 'prrt.retreatment', 'warning', rows, { benefitMonths: benefit, unknownBenefit: benefit === undefined, courseEnd: course.lastDose, progressionDate: course.progressionAfter?.date })];
}

/**
 * Guideline indications for Lu-177 dotatate: (a) SSTR-positive higher G2 (Ki-67 10–20 %) with
 * high burden or bulky disease (NETTER-2); (b) progression while on a long-acting SSA, alone or
 * with other therapy (NETTER-1); (c) retreatment after ≥ 12 months' benefit from a prior course.
 */
function indication(ctx: OrderContext): Finding[] {
  const { facts, plannedDate } = ctx;
  const higherG2 = knownValue(facts.g2Band) === 'higher';
  const burdenOrBulk = knownValue(facts.burden) === 'high' || knownValue(facts.bulky) === true;
  const initialIndication = higherG2 && burdenOrBulk;
  const ssa = facts.therapies.longActingSsa;
  const onSsaProgression = ssa?.firstDate
    ? facts.progressions.find((p) => p.date > ssa.firstDate && p.date <= plannedDate && (ssa.active || (ssa.lastDose !== undefined && p.date <= addDays(ssa.lastDose.date, ON_SSA_WINDOW_DAYS))))
    : undefined;
  const place = placeInCourse(facts, plannedDate);
  const priorCourses = facts.prrtCourses.filter((c) => c !== place.continuing && c.lastDose < plannedDate);
  const durableRetreatment = priorCourses.some((c) => c.benefitMonths !== undefined && c.benefitMonths >= 12);
  if (initialIndication || onSsaProgression || durableRetreatment) return [];
  const rows: CardFact[] = [
    factRow('Ki-67', facts.ki67),
    factRow('tumour burden', facts.burden),
    factRow('bulky disease', facts.bulky, (v) => (v ? 'yes' : 'no')),
    ssa ? knownRow('long-acting SSA', ssa.agents.join(' / '), { ...(ssa.firstDate ? { date: ssa.firstDate } : {}) }) : missingRow('long-acting SSA', 'none on record'),
    ...(facts.progressions.length ? [knownRow('latest progression', 'progression', { date: latestProgression(facts.progressions)!.date })] : [missingRow('progression', 'none on record')]),
  ];
  return [finding(ctx, 'prrt.indication', 'warning', rows, { ki67: describe(facts.ki67), burden: describe(facts.burden), noSsa: !ssa, noProgression: facts.progressions.length === 0 })];
}

function lifetimeDose(ctx: OrderContext): Finding[] {
  const { facts, config, order } = ctx;
  if (!facts.therapies.historyAvailable) {
    return [finding(ctx, 'prrt.lifetime-dose', 'warning', [missingRow('Lu-177 dose history', 'could not be retrieved')], { unavailable: true })];
  }
  const a = cumulativeActivity(facts, config, order);
  if (a.totalMBq <= a.limitMBq) return [];
  const rows = facts.therapies.lu177Doses.map((d) =>
    knownRow('Lu-177 dose', d.activityMBq ?? STANDARD_LU177_MBQ, { unit: d.activityMBq === undefined ? 'MBq (not recorded: 7400 counted)' : 'MBq', date: d.date, ...(d.reference ? { reference: d.reference } : {}) }),
  );
  rows.push(knownRow('this order', a.orderMBq, { unit: a.orderAssumed ? 'MBq (not stated: 7400 counted)' : 'MBq', reference: order.reference }));
  return [
    finding(ctx, 'prrt.lifetime-dose', 'critical', rows, {
      total: formatActivity(a.totalMBq),
      prior: formatActivity(a.priorMBq),
      orderActivity: formatActivity(a.orderMBq),
      limit: formatActivity(a.limitMBq),
      excess: formatActivity(a.totalMBq - a.limitMBq),
      assumedDoses: a.assumedDoses.join(', '),
      anyAssumed: a.assumedDoses.length > 0,
      orderAssumed: a.orderAssumed,
    }),
  ];
}

function orderedDose(ctx: OrderContext): Finding[] {
  const activity = ctx.order.activityMBq;
  if (activity !== undefined && Math.abs(activity - STANDARD_LU177_MBQ) <= STANDARD_LU177_MBQ * DOSE_TOLERANCE) return [];
  const rows = [activity !== undefined ? knownRow('ordered activity', activity, { unit: 'MBq', reference: ctx.order.reference }) : missingRow('ordered activity', 'not stated on the order')];
  return [finding(ctx, 'prrt.dose', 'info', rows, { ordered: activity !== undefined ? formatActivity(activity) : undefined, notStated: activity === undefined })];
}

function age(ctx: OrderContext): Finding[] {
  const a = ctx.facts.age;
  const row = factRow('age', a);
  if (a.status !== 'known') return [finding(ctx, 'prrt.age', 'warning', [row], { unknown: true })];
  if (a.value < 12) return [finding(ctx, 'prrt.age', 'critical', [row], { age: a.value, child: true })];
  if (a.value < 18) return [finding(ctx, 'prrt.age', 'info', [row], { age: a.value, adolescent: true })];
  return [];
}

function pregnancy(ctx: OrderContext): Finding[] {
  const { status, reproductivePotential } = ctx.facts.pregnancy;
  const rows = [factRow('pregnancy status', status)];
  const value = anyValue(status);
  if (status.status === 'known' && value === 'pregnant') return [finding(ctx, 'prrt.pregnancy', 'critical', rows, { pregnant: true, date: status.date })];
  if (reproductivePotential === false) return [];
  if (status.status === 'known') return [];
  rows.push(knownRow('reproductive potential', reproductivePotential === true ? 'assumed (female aged 12–55)' : 'unknown'));
  return [finding(ctx, 'prrt.pregnancy', 'warning', rows, { status: describe(status), potentialAssumed: reproductivePotential === true, potentialUnknown: reproductivePotential === 'unknown' })];
}

function scope(ctx: OrderContext): Finding[] {
  const f = ctx.facts;
  const pancreatic = f.pancreatic.length > 0;
  const g3 = isHighGrade(f);
  if (!pancreatic && !g3) return [];
  const rows = [...conditionRows('pancreatic NET', f.pancreatic), ...conditionRows('neuroendocrine carcinoma', f.poorlyDifferentiated), ...(g3 ? [factRow('WHO grade', f.grade), factRow('Ki-67', f.ki67)] : [])];
  return [finding(ctx, 'prrt.scope', 'info', rows, { pancreatic, g3 })];
}

// ---- Checklist and reminders ------------------------------------------------------------------

/** Risk factors for therapy-related myeloid neoplasms on record (guideline: age, bone metastases, prior alkylators). */
function mdsRiskFactors(f: Facts): string[] {
  const factors: string[] = [];
  const age = knownValue(f.age);
  if (age !== undefined && age >= 70) factors.push(`age ${age}`);
  if (f.metastases.some((m) => m.site === 'bone')) factors.push('bone metastases');
  return factors;
}

function reminderView(ctx: OrderContext): Record<string, unknown> {
  const f = ctx.facts;
  const risks = mdsRiskFactors(f);
  return {
    functional: knownValue(f.functional) === true,
    nonFunctional: knownValue(f.functional) === false,
    functionalUnknown: knownValue(f.functional) === undefined,
    mdsRisks: risks.join(', '),
    anyMdsRisk: risks.length > 0,
  };
}

export const prrtChecklist: Rule<OrderContext> = {
  id: 'prrt.checklist',
  hooks: ['order-select', 'order-sign'],
  section: 'PRRT — eligibility criteria, dosing, and administration',
  when: 'Lu-177 dotatate order with no critical or warning PRRT card: every criterion verified (expected survival left to the clinician).',
  indicators: ['info'],
  evaluate: (ctx) => {
    if (!isLu177(ctx) || criterionFindings(ctx).some(blocksChecklist)) return [];
    const f = ctx.facts;
    const results = [
      sstrCriterion(f, ctx.plannedDate, ctx.config),
      kidneyCriterion(f),
      performanceCriterion(f),
      marrowCriterion(f, ctx.plannedDate, ctx.config, !placeInCourse(f, ctx.plannedDate).continuing),
    ];
    const a = cumulativeActivity(f, ctx.config, ctx.order);
    const place = placeInCourse(f, ctx.plannedDate);
    const rows = [...results.flatMap((r) => r.rows), knownRow('cumulative Lu-177 activity with this order', a.totalMBq, { unit: 'MBq' }), missingRow('expected survival > 3 months', 'clinician to confirm')];
    return [
      finding(ctx, 'prrt.checklist', 'info', rows, {
        criteria: results.map((r) => ({ line: r.line })),
        cumulative: formatActivity(a.totalMBq),
        limit: formatActivity(a.limitMBq),
        doseNumber: place.continuing ? place.continuing.doses.length + 1 : 1,
        ...reminderView(ctx),
      }),
    ];
  },
};

export const prrtReminders: Rule<OrderContext> = {
  id: 'prrt.reminders',
  hooks: ['order-select', 'order-sign'],
  section: 'PRRT — toxicity and risks; Should the SSA be continued?',
  when: 'Lu-177 dotatate order with at least one critical or warning PRRT card.',
  indicators: ['info'],
  evaluate: (ctx) => {
    if (!isLu177(ctx) || !criterionFindings(ctx).some(blocksChecklist)) return [];
    const risks = mdsRiskFactors(ctx.facts);
    const rows = risks.length ? risks.map((r) => knownRow('MDS risk factor', r)) : [missingRow('MDS risk factors', 'none on record')];
    return [finding(ctx, 'prrt.reminders', 'info', rows, reminderView(ctx))];
  },
};

const PRRT_SECTIONS: Partial<Record<PrrtRuleId, string>> = {
  'prrt.sstr': 'Determining somatostatin receptor expression; PRRT — eligibility criteria',
  'prrt.ssa-washout': 'PRRT — dosing and administration (SSA timing)',
  'prrt.short-acting': 'PRRT — dosing and administration (SSA timing; Lutathera label)',
  'prrt.interval': 'PRRT — dosing and administration',
  'prrt.dose': 'PRRT — dosing and administration',
  'prrt.course': 'Retreatment with PRRT',
  'prrt.retreatment': 'Retreatment with PRRT',
  'prrt.indication': 'PRRT (initial therapy); PRRT (second-line therapy); Retreatment with PRRT',
  'prrt.lifetime-dose': 'Retreatment with PRRT (cumulative activity)',
  'prrt.age': 'PRRT (second-line therapy) — NETTER-P and the label age limit',
  'prrt.pregnancy': 'PRRT — eligibility (Lutathera label: pregnancy status)',
  'prrt.scope': 'Introduction; PRRT (initial therapy) — NETTER-2',
};

/** The criterion rules as registry entries (their evaluation is shared, see criterionFindings). */
export const PRRT_CRITERION_RULES: Array<Rule<OrderContext>> = CRITERIA.map((c) => ({
  id: c.id,
  hooks: ['order-select', 'order-sign'],
  section: PRRT_SECTIONS[c.id] ?? 'PRRT — eligibility criteria, dosing, and administration',
  when: `Lu-177 dotatate order: ${c.when}`,
  indicators: c.indicators,
  evaluate: (ctx: OrderContext) => criterionFindings(ctx).filter((f) => f.ruleId === c.id),
}));
