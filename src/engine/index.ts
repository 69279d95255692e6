/**
 * The rule registry: every rule of shared/design/rules.md, in one list per hook (the way a
 * router lists every route). Adding a rule: see src/engine/README.md.
 */
import { INDICATOR_URGENCY } from '../cds-types.js';
import { dataGradeMissing, dataSstrMissing } from './data-gaps.js';
import { monitorPrrtBlood, monitorPrrtHematology, monitorPrrtKidney } from './monitoring.js';
import { ORDER_RULES } from './orders.js';
import { PRRT_CRITERION_RULES, prrtChecklist, prrtReminders } from './prrt.js';
import { scopeHighGrade, scopePancreatic } from './scope.js';
import { secondHormonal, ssaContinue, ssaStop } from './ssa.js';
import { THERAPY_RULES } from './therapy.js';
import { trialsConsider } from './trials.js';
import type { Finding, OrderContext, PatientViewContext, Rule, RuleId } from './types.js';

export const PATIENT_VIEW_RULES: ReadonlyArray<Rule<PatientViewContext>> = [
  scopePancreatic,
  scopeHighGrade,
  dataGradeMissing,
  dataSstrMissing,
  ...THERAPY_RULES,
  secondHormonal,
  ssaContinue,
  ssaStop,
  monitorPrrtBlood,
  monitorPrrtKidney,
  monitorPrrtHematology,
  trialsConsider,
];

export const ORDER_CHECK_RULES: ReadonlyArray<Rule<OrderContext>> = [...PRRT_CRITERION_RULES, prrtChecklist, prrtReminders, ...ORDER_RULES];

export const ALL_RULES: ReadonlyArray<Rule<PatientViewContext> | Rule<OrderContext>> = [...PATIENT_VIEW_RULES, ...ORDER_CHECK_RULES];

export const RULE_BY_ID: ReadonlyMap<RuleId, Rule<PatientViewContext> | Rule<OrderContext>> = new Map(ALL_RULES.map((r) => [r.id, r]));

/** Cards are ordered critical → warning → info (rules.md §5); the registry order breaks ties. */
function byUrgency(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => INDICATOR_URGENCY[b.f.indicator] - INDICATOR_URGENCY[a.f.indicator] || a.i - b.i)
    .map(({ f }) => f);
}

export function evaluatePatientView(context: PatientViewContext): Finding[] {
  return byUrgency(PATIENT_VIEW_RULES.flatMap((rule) => rule.evaluate(context)));
}

/** Findings for one checked draft order (its own facts are judged on its planned date). */
export function evaluateOrder(context: OrderContext): Finding[] {
  return ORDER_CHECK_RULES.flatMap((rule) => rule.evaluate(context));
}

export { byUrgency };
