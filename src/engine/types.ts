/**
 * The engine's contract: rules decide from Facts only and return Findings (rule id, indicator,
 * the facts used with their status, grade, evidence). Nothing here knows about HTTP, FHIR
 * clients or card wording (architecture.md).
 */
import type { CardFact, HookName, Indicator } from '../cds-types.js';
import type { ClinicalConfig } from '../config.js';
import type { Facts } from '../fhir-mapping/facts.js';
import type { DraftOrder } from '../fhir-mapping/draft-orders.js';

export type PatientViewRuleId =
  | 'scope.pancreatic'
  | 'scope.high-grade'
  | 'data.grade-missing'
  | 'data.sstr-missing'
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
  | 'second.hormonal'
  | 'ssa.continue'
  | 'ssa.stop'
  | 'monitor.prrt-blood'
  | 'monitor.prrt-kidney'
  | 'monitor.prrt-hematology'
  | 'trials.consider';

export type PrrtRuleId =
  | 'prrt.sstr'
  | 'prrt.kidney'
  | 'prrt.performance'
  | 'prrt.marrow'
  | 'prrt.ssa-washout'
  | 'prrt.short-acting'
  | 'prrt.interval'
  | 'prrt.course'
  | 'prrt.retreatment'
  | 'prrt.indication'
  | 'prrt.lifetime-dose'
  | 'prrt.dose'
  | 'prrt.age'
  | 'prrt.pregnancy'
  | 'prrt.scope'
  | 'prrt.checklist'
  | 'prrt.reminders';

export type OrderRuleId =
  | 'order.chemotherapy'
  | 'order.interferon'
  | 'order.ssa-sstr-negative'
  | 'order.ssa-before-prrt'
  | 'order.ssa-escalation'
  | 'order.telotristat'
  | 'order.targeted-first'
  | 'order.targeted-repeat'
  | 'order.surufatinib'
  | 'order.y90'
  | 'order.investigational';

export type RuleId = PatientViewRuleId | PrrtRuleId | OrderRuleId;

/** An action the guideline implies; the card layer turns it into a FHIR resource. */
export type SuggestionIntent =
  | { kind: 'order-sstr-pet' }
  | { kind: 'start-octreotide-lar' }
  | { kind: 'start-lanreotide' }
  | { kind: 'order-cbc' }
  | { kind: 'order-kidney-function' }
  | { kind: 'refer-hematology' }
  | { kind: 'remove-draft-order'; resourceId: string; display: string };

export interface Finding {
  ruleId: RuleId;
  indicator: Indicator;
  /** Facts shown on the card, in the order they matter. */
  facts: CardFact[];
  /** Values the card template renders (numbers, ISO dates, short phrases, flags for sections). */
  view: Record<string, unknown>;
  suggestions?: SuggestionIntent[];
  /** Suggestions are alternatives (`at-most-one`) or independent (`any`). */
  selectionBehavior?: 'at-most-one' | 'any';
  links?: Array<{ label: string; url: string }>;
  /** The draft order a finding is about (order hooks), e.g. `MedicationRequest/lu-1`. */
  order?: string;
}

export interface PatientViewContext {
  facts: Facts;
  /** Today (YYYY-MM-DD): the clock is passed in, never read. */
  today: string;
  config: ClinicalConfig;
}

export interface OrderContext {
  /** Facts judged on the planned date of `order`. */
  facts: Facts;
  order: DraftOrder;
  /** The planned date used (the order's, or today when not stated). */
  plannedDate: string;
  plannedDateAssumed: boolean;
  today: string;
  /** Every draft order of the session (the checked ones and the context ones). */
  drafts: DraftOrder[];
  config: ClinicalConfig;
}

export interface Rule<C> {
  id: RuleId;
  hooks: HookName[];
  /** Guideline section the rule rests on (shown in source.label). */
  section: string;
  /** When the rule fires, in a sentence (published in docs/rules.md). */
  when: string;
  /** The indicators its cards can carry. */
  indicators: Indicator[];
  evaluate(context: C): Finding[];
}
