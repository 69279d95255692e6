/**
 * Checks of other NET therapy orders (rules.md §4 "Other NET therapy orders"). Orders for a
 * patient without an active GI NET on record get no card (principle 1: an octreotide order for
 * acromegaly is not this service's business) — except `order.ssa-before-prrt`, which protects
 * a planned Lu-177 dose whatever the diagnosis coding.
 *
 * - `order.chemotherapy` (warning): cytotoxic chemotherapy for a G1/G2 or ungraded GI NET with no
 *   other active cancer on file — not used (low response rates, no PFS benefit, more toxicity).
 * - `order.interferon` (warning): interferon alfa — not used (toxicity; better options).
 * - `order.ssa-sstr-negative` (info): long-acting SSA, SSTR-negative — tumour control unlikely.
 * - `order.ssa-before-prrt` (warning): long-acting SSA due within 28 days before a planned Lu-177
 *   dose (an order on record or in this session, or mid-course the expected next dose = last
 *   dose + 8 weeks) — the last safe date; short-acting octreotide instead.
 * - `order.ssa-escalation` (info): long-acting SSA above the standard dose or more often than
 *   every 4 weeks, after progression, unless functional with refractory symptoms.
 * - `order.telotristat` (info): telotristat without an active SSA.
 * - `order.targeted-first` (info): everolimus or cabozantinib, SSTR-positive, SSA never given.
 * - `order.targeted-repeat` (warning): everolimus or cabozantinib after progression on the same agent.
 * - `order.surufatinib`, `order.y90`, `order.investigational` (info).
 */
import type { CardFact, Indicator } from '../cds-types.js';
import { anyValue } from '../fhir-mapping/fact-builders.js';
import { addDays, daysBetween } from '../fhir-mapping/dates.js';
import { ON_SSA_WINDOW_DAYS } from '../fhir-mapping/derive/therapy-history.js';
import { knownValue, type Facts } from '../fhir-mapping/facts.js';
import { factRow, knownRow, missingRow } from './fact-display.js';
import { conditionRows, hasGiNet, isHighGrade } from './scope.js';
import { courseUnderWay, DOSE_INTERVAL_DAYS, isOnLongActingSsa, SSA_WASHOUT_DAYS } from './ssa.js';
import type { Finding, OrderContext, OrderRuleId, Rule } from './types.js';

/** Standard long-acting SSA doses (guideline § "Selection of agent and dosing"). */
const STANDARD_MAX_MG = { octreotide: 30, lanreotide: 120 } as const;
const STANDARD_INTERVAL_DAYS = 28;

const isLongActingSsaOrder = (ctx: OrderContext) =>
  (ctx.order.agent === 'octreotide' || ctx.order.agent === 'lanreotide') && ctx.order.formulation !== 'short-acting';

function orderFinding(ctx: OrderContext, ruleId: OrderRuleId, indicator: Indicator, facts: CardFact[], view: Record<string, unknown> = {}): Finding {
  return {
    ruleId,
    indicator,
    facts: [knownRow('order', ctx.order.display, { reference: ctx.order.reference, ...(ctx.order.plannedDate ? { date: ctx.order.plannedDate } : {}) }), ...facts],
    view: { orderDisplay: ctx.order.display, plannedDate: ctx.plannedDate, plannedDateAssumed: ctx.plannedDateAssumed, ...view },
    order: ctx.order.reference,
  };
}

function rule(id: OrderRuleId, section: string, when: string, indicator: Indicator, evaluate: (ctx: OrderContext) => Finding[]): Rule<OrderContext> {
  return { id, hooks: ['order-select', 'order-sign'], section, when, indicators: [indicator], evaluate };
}

const netRows = (f: Facts) => conditionRows('GI NET', f.giNet);

export const orderChemotherapy = rule('order.chemotherapy', 'Less preferred therapies — Chemotherapy', 'Cytotoxic chemotherapy ordered for a G1/G2 or ungraded GI NET with no other active cancer on file.', 'warning', (ctx) => {
  const f = ctx.facts;
  if (ctx.order.agent !== 'chemotherapy' || !hasGiNet(f) || isHighGrade(f) || f.otherActiveCancer.length > 0) return [];
  return [orderFinding(ctx, 'order.chemotherapy', 'warning', [...netRows(f), factRow('WHO grade', f.grade), missingRow('other active cancer', 'none on file')], { grade: anyValue(f.grade) })];
});

export const orderInterferon = rule('order.interferon', 'Less preferred therapies — Interferon alfa', 'Interferon alfa ordered for a patient with a GI NET.', 'warning', (ctx) => {
  if (ctx.order.agent !== 'interferon-alfa' || !hasGiNet(ctx.facts)) return [];
  return [orderFinding(ctx, 'order.interferon', 'warning', netRows(ctx.facts))];
});

export const orderSsaSstrNegative = rule('order.ssa-sstr-negative', 'Initial therapy — SSTR-negative disease', 'Long-acting SSA ordered; latest SSTR imaging negative.', 'info', (ctx) => {
  const f = ctx.facts;
  if (!isLongActingSsaOrder(ctx) || !hasGiNet(f) || anyValue(f.sstr) !== 'negative') return [];
  return [orderFinding(ctx, 'order.ssa-sstr-negative', 'info', [...netRows(f), factRow('SSTR imaging', f.sstr)], { sstrDate: f.sstr.date })];
});

/** Planned Lu-177 dates: active orders on record, Lu-177 drafts in this session, and mid-course the expected next dose. */
function plannedLu177Dates(ctx: OrderContext): Array<{ date: string; source: string; reference?: string }> {
  const f = ctx.facts;
  const dates: Array<{ date: string; source: string; reference?: string }> = [];
  for (const o of f.therapies.lu177ActiveOrders) if (o.plannedDate) dates.push({ date: o.plannedDate, source: 'Lu-177 dotatate order on record', ...(o.reference ? { reference: o.reference } : {}) });
  for (const d of ctx.drafts) if (d.agent === 'lu177-dotatate' && d.plannedDate) dates.push({ date: d.plannedDate, source: 'Lu-177 dotatate order in this session', reference: d.reference });
  const course = courseUnderWay(f, ctx.today);
  if (course) dates.push({ date: addDays(course.lastDose, DOSE_INTERVAL_DAYS), source: `expected next dose of the course under way (dose ${course.doses.length} on ${course.lastDose} + 8 weeks)` });
  return dates;
}

export const orderSsaBeforePrrt = rule('order.ssa-before-prrt', 'PRRT — dosing and administration (SSA timing)', 'Long-acting SSA due < 28 days before a planned Lu-177 dose (an order on record or in the session, or mid-course the last dose + 8 weeks); states the last safe date.', 'warning', (ctx) => {
  if (!isLongActingSsaOrder(ctx)) return [];
  const ssaDate = ctx.plannedDate;
  const conflict = plannedLu177Dates(ctx)
    .filter((p) => p.date > ssaDate && daysBetween(ssaDate, p.date) < SSA_WASHOUT_DAYS)
    .sort((a, b) => (a.date < b.date ? -1 : 1))[0];
  if (!conflict) return [];
  return [
    orderFinding(ctx, 'order.ssa-before-prrt', 'warning', [knownRow('planned Lu-177 dose', conflict.source, { date: conflict.date, ...(conflict.reference ? { reference: conflict.reference } : {}) })], {
      lu177Date: conflict.date,
      lu177Source: conflict.source,
      lastSafeDate: addDays(conflict.date, -SSA_WASHOUT_DAYS),
      days: daysBetween(ssaDate, conflict.date),
    }),
  ];
});

export const orderSsaEscalation = rule('order.ssa-escalation', 'Less preferred therapies — Dose-escalated SSA therapy', 'Long-acting SSA above the standard dose or more often than every 4 weeks, after a progression, unless functional with refractory symptoms.', 'info', (ctx) => {
  const f = ctx.facts;
  if (!isLongActingSsaOrder(ctx) || !hasGiNet(f) || f.progressions.length === 0) return [];
  const agent = ctx.order.agent as 'octreotide' | 'lanreotide';
  const aboveDose = ctx.order.doseMg !== undefined && ctx.order.doseMg > STANDARD_MAX_MG[agent];
  const moreOften = ctx.order.intervalDays !== undefined && ctx.order.intervalDays < STANDARD_INTERVAL_DAYS;
  if (!aboveDose && !moreOften) return [];
  const refractoryFunctional = knownValue(f.functional) === true && knownValue(f.refractoryHormonalSymptoms) === true;
  if (refractoryFunctional) return [];
  const latest = f.progressions[f.progressions.length - 1]!;
  return [
    orderFinding(ctx, 'order.ssa-escalation', 'info', [
      ...(ctx.order.doseMg !== undefined ? [knownRow('ordered dose', ctx.order.doseMg, { unit: 'mg' })] : []),
      ...(ctx.order.intervalDays !== undefined ? [knownRow('ordered interval', ctx.order.intervalDays, { unit: 'days' })] : []),
      knownRow('latest progression', 'progression', { date: latest.date, ...(latest.reference ? { reference: latest.reference } : {}) }),
      factRow('functional tumour', f.functional, (v) => (v ? 'yes' : 'no')),
    ], { doseMg: ctx.order.doseMg, intervalDays: ctx.order.intervalDays, aboveDose, moreOften, standardDose: STANDARD_MAX_MG[agent] }),
  ];
});

export const orderTelotristat = rule('order.telotristat', 'Second-line therapy — Progressive hormone-related symptoms', 'Telotristat ordered with no active long-acting SSA (on record or in the session).', 'info', (ctx) => {
  const f = ctx.facts;
  if (ctx.order.agent !== 'telotristat' || !hasGiNet(f)) return [];
  const ssaInSession = ctx.drafts.some((d) => d !== ctx.order && (d.agent === 'octreotide' || d.agent === 'lanreotide') && d.formulation !== 'short-acting');
  if (isOnLongActingSsa(f, ctx.today) || ssaInSession) return [];
  const ssa = f.therapies.longActingSsa;
  return [orderFinding(ctx, 'order.telotristat', 'info', [ssa?.lastDose ? knownRow('last long-acting SSA dose', ssa.agents.join(' / '), { date: ssa.lastDose.date }) : missingRow('active long-acting SSA', 'none on record')])];
});

export const orderTargetedFirst = rule('order.targeted-first', 'Initial therapy — SSTR-positive G1–G2 disease', 'Everolimus or cabozantinib ordered; SSTR positive; no long-acting SSA ever given.', 'info', (ctx) => {
  const f = ctx.facts;
  if ((ctx.order.agent !== 'everolimus' && ctx.order.agent !== 'cabozantinib') || !hasGiNet(f)) return [];
  if (anyValue(f.sstr) !== 'positive' || f.therapies.longActingSsa) return [];
  return [orderFinding(ctx, 'order.targeted-first', 'info', [...netRows(f), factRow('SSTR imaging', f.sstr), missingRow('long-acting SSA', 'never given')])];
});

export const orderTargetedRepeat = rule('order.targeted-repeat', 'Second-line therapy — Other therapies', 'Everolimus or cabozantinib ordered after a progression on the same agent.', 'warning', (ctx) => {
  const f = ctx.facts;
  const agent = ctx.order.agent;
  if ((agent !== 'everolimus' && agent !== 'cabozantinib') || !hasGiNet(f)) return [];
  for (const episode of f.therapies.targeted.filter((e) => e.agent === agent)) {
    if (!episode.start) continue;
    const end = episode.active ? ctx.plannedDate : addDays(episode.end ?? episode.start, ON_SSA_WINDOW_DAYS);
    const progression = f.progressions.find((p) => p.date > episode.start! && p.date <= end);
    if (!progression) continue;
    const other = agent === 'everolimus' ? 'cabozantinib' : 'everolimus';
    return [
      orderFinding(ctx, 'order.targeted-repeat', 'warning', [
        knownRow(`previous ${agent}`, agent, { date: episode.start, ...(episode.reference ? { reference: episode.reference } : {}) }),
        knownRow(`progression on ${agent}`, 'progression', { date: progression.date, ...(progression.reference ? { reference: progression.reference } : {}) }),
      ], { agent, other, episodeStart: episode.start, progressionDate: progression.date, otherUsed: f.therapies.targeted.some((e) => e.agent === other) }),
    ];
  }
  return [];
});

const simpleInfo = (id: OrderRuleId, section: string, agent: OrderContext['order']['agent'], when: string) =>
  rule(id, section, when, 'info', (ctx) => (ctx.order.agent === agent && hasGiNet(ctx.facts) ? [orderFinding(ctx, id, 'info', netRows(ctx.facts))] : []));

export const orderSurufatinib = simpleInfo('order.surufatinib', 'Less preferred therapies — Surufatinib', 'surufatinib', 'Surufatinib ordered for a patient with a GI NET.');
export const orderY90 = simpleInfo('order.y90', 'Other radionuclide analogs — Yttrium-90 dotatoc', 'y90-dotatoc', 'Y-90 dotatoc ordered for a patient with a GI NET.');
export const orderInvestigational = simpleInfo('order.investigational', 'Investigational agents', 'investigational', 'A checkpoint inhibitor, pazopanib, lenvatinib, bevacizumab or a Pb-212/Ac-225 alpha therapy ordered for a patient with a GI NET.');

export const ORDER_RULES: Array<Rule<OrderContext>> = [
  orderChemotherapy,
  orderInterferon,
  orderSsaSstrNegative,
  orderSsaBeforePrrt,
  orderSsaEscalation,
  orderTelotristat,
  orderTargetedFirst,
  orderTargetedRepeat,
  orderSurufatinib,
  orderY90,
  orderInvestigational,
];
