/**
 * The therapy card (rules.md §3 "Therapy cards"; principle 4: exactly one per in-scope patient).
 *
 * When / Then, in the order the decision is made:
 * 1. A line of systemic therapy is on record and no progression is dated after the start of
 *    the latest line → `current.on-therapy`.
 * 2. Progression after the latest line (second line, guideline § "Second-line therapy"):
 *    - latest line SSA or PRRT, hepatic-predominant → `second.hepatic`;
 *    - latest line SSA (no PRRT yet): SSTR-negative or PRRT-ineligible → `second.targeted`,
 *      else → `second.prrt` (SSTR unknown is listed as an open criterion);
 *    - latest line PRRT: SSTR-negative → `second.targeted`; benefit ≥ 12 months →
 *      `second.after-prrt`; < 12 months or unknown → `second.targeted`;
 *    - latest line everolimus or cabozantinib → `second.targeted`.
 * 3. No systemic therapy yet (guideline § "Initial therapy"):
 *    - hepatic-predominant and potentially resectable → `initial.resection`;
 *    - asymptomatic, low burden, not bulky, no progression → `initial.surveillance`;
 *    - SSTR-negative with an indication (symptoms, high burden or bulk, progression after
 *      observation) → `initial.sstr-negative`;
 *    - no indication known either way → `initial.assess-burden`;
 *    - SSTR-positive, Ki-67 10–20 %, high burden or bulky → `initial.ssa-prrt`;
 *    - SSTR-positive, Ki-67 < 10 %, unresectable, high burden or bulky, hepatic-predominant →
 *      `initial.ssa-embolization`;
 *    - otherwise → `initial.ssa` (SSTR unknown: SSA for symptoms, SSTR PET to decide).
 * Every card lists the branches a missing fact leaves open (principle 5) and says when no
 * metastasis is on record (principle 6).
 */
import type { CardFact } from '../cds-types.js';
import { anyValue } from '../fhir-mapping/fact-builders.js';
import { knownValue, type Facts } from '../fhir-mapping/facts.js';
import { describe, factRow, knownRow } from './fact-display.js';
import { kidneyCriterion, lifetimeCriterion, marrowCriterion, performanceCriterion, sstrCriterion, type CriterionResult } from './prrt-criteria.js';
import { isInScope } from './scope.js';
import { firstProgressionAfter, latestLine, LINE_LABEL, treatmentLines, type TreatmentLine } from './treatment-lines.js';
import type { Finding, PatientViewContext, PatientViewRuleId, Rule, SuggestionIntent } from './types.js';

type TherapyRuleId = Extract<
  PatientViewRuleId,
  | 'current.on-therapy'
  | 'initial.resection'
  | 'initial.surveillance'
  | 'initial.assess-burden'
  | 'initial.ssa'
  | 'initial.ssa-embolization'
  | 'initial.ssa-prrt'
  | 'initial.sstr-negative'
  | 'second.hepatic'
  | 'second.prrt'
  | 'second.after-prrt'
  | 'second.targeted'
>;

// ---- Named clinical predicates -------------------------------------------------------------

const isSymptomatic = (f: Facts) => knownValue(f.symptomatic) === true;
const isAsymptomatic = (f: Facts) => knownValue(f.symptomatic) === false;
const hasHighBurden = (f: Facts) => knownValue(f.burden) === 'high';
const hasLowBurden = (f: Facts) => knownValue(f.burden) === 'low';
const isBulky = (f: Facts) => knownValue(f.bulky) === true;
const isNotBulky = (f: Facts) => knownValue(f.bulky) === false;
const isHepaticPredominant = (f: Facts) => knownValue(f.hepaticPredominant) === true;
const isPotentiallyResectable = (f: Facts) => knownValue(f.resectable) === true;
const isUnresectable = (f: Facts) => knownValue(f.resectable) === false;
const sstrStatus = (f: Facts) => anyValue(f.sstr);
const ki67 = (f: Facts) => knownValue(f.ki67);
const hasHigherG2Ki67 = (f: Facts) => knownValue(f.g2Band) === 'higher';
const hasKi67Below10 = (f: Facts) => {
  const v = ki67(f);
  return v !== undefined && v < 10 && f.ki67Comparator !== '>' && f.ki67Comparator !== '>=';
};
const hasProgressionOnRecord = (f: Facts) => f.progressions.length > 0;
/** Symptoms, high burden or bulk, or progression after observation: therapy is indicated. */
const hasTherapyIndication = (f: Facts) => isSymptomatic(f) || hasHighBurden(f) || isBulky(f) || hasProgressionOnRecord(f);
/** Asymptomatic, low burden, not bulky and no progression: surveillance. */
const hasNoTherapyIndication = (f: Facts) => isAsymptomatic(f) && hasLowBurden(f) && !isBulky(f) && !hasProgressionOnRecord(f);

export interface PrrtCriteriaStatus {
  sstr: CriterionResult;
  kidney: CriterionResult;
  performance: CriterionResult;
  marrow: CriterionResult;
  lifetime: CriterionResult;
}

export function prrtCriteriaToday(ctx: PatientViewContext): PrrtCriteriaStatus {
  return {
    sstr: sstrCriterion(ctx.facts, ctx.today, ctx.config),
    kidney: kidneyCriterion(ctx.facts),
    performance: performanceCriterion(ctx.facts),
    marrow: marrowCriterion(ctx.facts, ctx.today, ctx.config, true),
    lifetime: lifetimeCriterion(ctx.facts, ctx.config),
  };
}

/** A known failure of a PRRT criterion (unknown is not ineligible, it is open). */
const isPrrtIneligible = (c: PrrtCriteriaStatus) =>
  [c.sstr, c.kidney, c.performance, c.marrow, c.lifetime].some((r) => r.verdict === 'not-met');

// ---- The decision ---------------------------------------------------------------------------

interface Decision {
  ruleId: TherapyRuleId;
  line?: TreatmentLine;
  progression?: { date: string; reference?: string };
  criteria?: PrrtCriteriaStatus;
}

const decisions = new WeakMap<Facts, Decision | null>();

export function decideTherapy(ctx: PatientViewContext): Decision | null {
  const cached = decisions.get(ctx.facts);
  if (cached !== undefined) return cached;
  const decision = isInScope(ctx.facts) ? decide(ctx) : null;
  decisions.set(ctx.facts, decision);
  return decision;
}

function decide(ctx: PatientViewContext): Decision {
  const f = ctx.facts;
  const line = latestLine(treatmentLines(f));
  if (line) {
    const progression = firstProgressionAfter(f.progressions, line.start);
    if (!progression) return { ruleId: 'current.on-therapy', line };
    const onSsaOrPrrt = line.kind === 'ssa' || line.kind === 'prrt';
    if (onSsaOrPrrt && isHepaticPredominant(f)) return { ruleId: 'second.hepatic', line, progression };
    const criteria = prrtCriteriaToday(ctx);
    const lastCourse = f.prrtCourses[f.prrtCourses.length - 1];
    if (line.kind === 'ssa' && !lastCourse) {
      if (sstrStatus(f) === 'negative' || isPrrtIneligible(criteria)) return { ruleId: 'second.targeted', line, progression, criteria };
      return { ruleId: 'second.prrt', line, progression, criteria };
    }
    if (line.kind === 'ssa' || line.kind === 'prrt') {
      // After SSA and PRRT: the response to the latest course decides.
      if (sstrStatus(f) === 'negative') return { ruleId: 'second.targeted', line, progression, criteria };
      const benefit = lastCourse?.benefitMonths;
      if (benefit !== undefined && benefit >= 12) return { ruleId: 'second.after-prrt', line, progression, criteria };
      return { ruleId: 'second.targeted', line, progression, criteria };
    }
    return { ruleId: 'second.targeted', line, progression, criteria };
  }
  if (isHepaticPredominant(f) && isPotentiallyResectable(f)) return { ruleId: 'initial.resection' };
  if (hasNoTherapyIndication(f)) return { ruleId: 'initial.surveillance' };
  if (!hasTherapyIndication(f)) return { ruleId: 'initial.assess-burden' };
  const sstr = sstrStatus(f);
  if (sstr === 'negative') return { ruleId: 'initial.sstr-negative' };
  if (sstr === 'positive' && hasHigherG2Ki67(f) && (hasHighBurden(f) || isBulky(f))) return { ruleId: 'initial.ssa-prrt' };
  if (sstr === 'positive' && hasKi67Below10(f) && isUnresectable(f) && (hasHighBurden(f) || isBulky(f)) && isHepaticPredominant(f)) {
    return { ruleId: 'initial.ssa-embolization' };
  }
  return { ruleId: 'initial.ssa' };
}

// ---- Card content -----------------------------------------------------------------------------

function commonRows(f: Facts): CardFact[] {
  return [
    ...f.giNet.map((c) => knownRow('GI NET', c.display, { ...(c.date ? { date: c.date } : {}), ...(c.reference ? { reference: c.reference } : {}) })),
    factRow('WHO grade', f.grade),
    factRow('Ki-67', f.ki67),
    factRow('SSTR imaging', f.sstr),
    factRow('advanced disease', f.advanced, (v) => (v ? 'yes' : 'no')),
  ];
}

function assessmentRows(f: Facts): CardFact[] {
  return [
    factRow('disease-related symptoms', f.symptomatic, yesNo),
    factRow('tumour burden', f.burden),
    factRow('bulky disease', f.bulky, yesNo),
    factRow('hepatic-predominant disease', f.hepaticPredominant, yesNo),
    factRow('resectable', f.resectable, (v) => (v ? 'potentially resectable' : 'unresectable')),
  ];
}

const yesNo = (v: boolean) => (v ? 'yes' : 'no');

/** Flags for the open-branch sections of the templates (principle 5). */
function openBranches(f: Facts): Record<string, boolean> {
  const resectabilityUnknown = knownValue(f.resectable) === undefined;
  const hepaticUnknown = knownValue(f.hepaticPredominant) === undefined;
  return {
    resection: (isHepaticPredominant(f) && resectabilityUnknown) || (hepaticUnknown && !isUnresectable(f)),
    embolization: hasKi67Below10(f) && knownValue(f.bulky) === undefined && knownValue(f.burden) !== 'high' && !isNotBulky(f) && knownValue(f.hepaticPredominant) !== false,
    prrt: hasHigherG2Ki67(f) && knownValue(f.burden) === undefined && knownValue(f.bulky) !== true,
    sstr: sstrStatus(f) === undefined,
    grade: knownValue(f.grade) === undefined,
    burden: knownValue(f.burden) === undefined,
    symptoms: knownValue(f.symptomatic) === undefined,
  };
}

function baseView(f: Facts): Record<string, unknown> {
  const open = openBranches(f);
  return {
    noMetastasisOnRecord: f.advanced.status !== 'known',
    open,
    anyOpen: Object.values(open).some(Boolean),
    grade: anyValue(f.grade),
    ki67: describe(f.ki67),
    sstr: describe(f.sstr),
    sstrUnknown: sstrStatus(f) === undefined,
    symptomatic: isSymptomatic(f),
    functional: knownValue(f.functional) === true,
    nonFunctional: knownValue(f.functional) === false,
    progression: f.progressions.length > 0 ? f.progressions[f.progressions.length - 1]!.date : undefined,
    historyUnavailable: !f.therapies.historyAvailable,
  };
}

function criteriaView(c: PrrtCriteriaStatus): Record<string, unknown> {
  const list = [c.sstr, c.kidney, c.performance, c.marrow, c.lifetime].map((r) => ({ line: r.line, met: r.verdict === 'met', notMet: r.verdict === 'not-met', open: r.verdict === 'unverified' || r.verdict === 'info' }));
  return { criteria: list, ineligible: isPrrtIneligible(c), sstrOpen: c.sstr.verdict !== 'met' && c.sstr.verdict !== 'not-met' };
}

function criteriaRows(c: PrrtCriteriaStatus): CardFact[] {
  return [...c.kidney.rows, ...c.performance.rows, ...c.marrow.rows.slice(0, 4), ...(c.lifetime.rows.length ? [c.lifetime.rows[c.lifetime.rows.length - 1]!] : [])];
}

function lineView(line: TreatmentLine | undefined, f: Facts): Record<string, unknown> {
  if (!line) return {};
  const course = line.course;
  return {
    lineLabel: line.kind === 'ssa' && line.agents?.length ? line.agents.join(' / ') : LINE_LABEL[line.kind],
    lineKind: { [line.kind]: true },
    since: line.start || undefined,
    lastDose: line.end,
    ongoing: line.active,
    courseDoses: course?.doses.length,
    courseComplete: course ? course.doses.length >= 4 : undefined,
    benefitMonths: course?.benefitMonths,
    usedEverolimus: f.therapies.targeted.some((e) => e.agent === 'everolimus'),
    usedCabozantinib: f.therapies.targeted.some((e) => e.agent === 'cabozantinib'),
    usedBothTargeted: f.therapies.targeted.some((e) => e.agent === 'everolimus') && f.therapies.targeted.some((e) => e.agent === 'cabozantinib'),
    lu177Planned: f.therapies.lu177ActiveOrders.length > 0,
  };
}

function lineRows(line: TreatmentLine | undefined, progression: Decision['progression']): CardFact[] {
  const rows: CardFact[] = [];
  if (line) {
    const label = line.kind === 'ssa' && line.agents?.length ? line.agents.join(' / ') : LINE_LABEL[line.kind];
    rows.push(line.start ? knownRow('latest line of therapy', label, { date: line.start, ...(line.reference ? { reference: line.reference } : {}) }) : knownRow('latest line of therapy', label));
    if (line.course) {
      for (const d of line.course.doses) rows.push(knownRow('Lu-177 dose', d.activityMBq ?? 'activity not recorded', { ...(d.activityMBq ? { unit: 'MBq' } : {}), date: d.date, ...(d.reference ? { reference: d.reference } : {}) }));
    }
  }
  if (progression) rows.push(knownRow('progression', 'progression', { date: progression.date, ...(progression.reference ? { reference: progression.reference } : {}) }));
  return rows;
}

const SUGGEST_SSA: SuggestionIntent[] = [{ kind: 'start-octreotide-lar' }, { kind: 'start-lanreotide' }];

function buildFinding(ctx: PatientViewContext, d: Decision): Finding {
  const f = ctx.facts;
  const rows = [...commonRows(f), ...assessmentRows(f), ...lineRows(d.line, d.progression)];
  if (d.criteria) rows.push(...criteriaRows(d.criteria));
  const view = { ...baseView(f), ...lineView(d.line, f), ...(d.criteria ? criteriaView(d.criteria) : {}), progressionDate: d.progression?.date };
  const finding: Finding = { ruleId: d.ruleId, indicator: 'info', facts: dedupeRows(rows), view };
  // Starting an SSA is the guideline's suggestion only where an SSA is the recommendation.
  const suggestsSsa = d.ruleId === 'initial.ssa' || d.ruleId === 'initial.ssa-embolization' || d.ruleId === 'initial.ssa-prrt';
  if (suggestsSsa && !f.therapies.longActingSsa?.active) {
    finding.suggestions = SUGGEST_SSA;
    finding.selectionBehavior = 'at-most-one';
  }
  return finding;
}

function dedupeRows(rows: CardFact[]): CardFact[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.name}\u0000${r.status}\u0000${String(r.value)}\u0000${r.unit ?? ''}\u0000${r.date ?? ''}\u0000${r.reference ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function therapyRule(id: TherapyRuleId, section: string, when: string): Rule<PatientViewContext> {
  return {
    id,
    hooks: ['patient-view'],
    section,
    when: `In-scope GI NET; the therapy decision (one card) selects it when: ${when}`,
    indicators: ['info'],
    evaluate: (ctx) => {
      const d = decideTherapy(ctx);
      return d?.ruleId === id ? [buildFinding(ctx, d)] : [];
    },
  };
}

export const THERAPY_RULES: Array<Rule<PatientViewContext>> = [
  therapyRule('current.on-therapy', 'Second-line therapy; Should the SSA be continued?', 'a line of systemic therapy (SSA, PRRT course, everolimus, cabozantinib) is on record and no progression is dated after the start of the latest line.'),
  therapyRule('initial.resection', 'Initial therapy — Potentially resectable disease', 'no systemic therapy yet; hepatic-predominant and potentially resectable.'),
  therapyRule('initial.surveillance', 'Initial therapy — Unresectable disease: asymptomatic, low tumour burden', 'no systemic therapy yet; asymptomatic, low burden, not bulky, no progression on record.'),
  therapyRule('initial.assess-burden', 'Initial therapy — Unresectable disease: selection of therapy', 'no systemic therapy yet; symptoms or burden unknown and nothing else indicates therapy.'),
  therapyRule('initial.ssa', 'Initial therapy — SSTR-positive G1–G2 disease; SSAs (octreotide LAR and lanreotide)', 'no systemic therapy yet; symptoms, high burden/bulk or progression; SSTR positive or unknown; no more specific initial branch applies.'),
  therapyRule('initial.ssa-embolization', 'Initial therapy — SSTR-positive G1 to lower G2, hepatic-predominant disease', 'as initial.ssa with SSTR positive, Ki-67 < 10 %, unresectable, high burden or bulky, hepatic-predominant.'),
  therapyRule('initial.ssa-prrt', 'Initial therapy — SSTR-positive higher G2 disease; PRRT (initial therapy)', 'no systemic therapy yet; SSTR positive, Ki-67 10–20 %, high burden or bulky.'),
  therapyRule('initial.sstr-negative', 'Initial therapy — SSTR-negative disease', 'no systemic therapy yet; SSTR negative with symptoms, high burden/bulk or progression.'),
  therapyRule('second.hepatic', 'Second-line therapy — Hepatic predominant disease', 'progression after the start of an SSA or PRRT line; hepatic-predominant disease.'),
  therapyRule('second.prrt', 'Second-line therapy — Prior SSA only; PRRT (second-line therapy)', 'progression on an SSA with no PRRT yet; SSTR not negative; no PRRT criterion known to fail.'),
  therapyRule('second.after-prrt', 'Second-line therapy — Prior SSA and PRRT; Retreatment with PRRT', 'progression after SSA and PRRT; SSTR not negative; benefit from the latest course ≥ 12 months.'),
  therapyRule('second.targeted', 'Second-line therapy — Other therapies; Everolimus; Cabozantinib', 'progression < 12 months after PRRT or benefit unknown, a PRRT criterion known to fail, SSTR-negative disease, or progression on everolimus or cabozantinib.'),
];
