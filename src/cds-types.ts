/**
 * The CDS Hooks 2.0.1 response contract, typed from the specification
 * (https://cds-hooks.hl7.org/STU2/#cds-service-response). Written here rather than imported:
 * some libraries still allow the pre-1.0 `hard-stop` indicator (style-examples.md §1).
 */
import type { FhirResource } from 'fhir/r4.js';

export type HookName = 'patient-view' | 'order-select' | 'order-sign';

/** In increasing urgency, as the spec lists them. */
export type Indicator = 'info' | 'warning' | 'critical';

export const INDICATOR_URGENCY: Record<Indicator, number> = { info: 0, warning: 1, critical: 2 };

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface Action {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: FhirResource;
  /** Relative reference, for `delete` (new in 2.0). */
  resourceId?: string;
}

export interface Suggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions?: Action[];
}

export interface Link {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

export interface Source {
  label: string;
  url?: string;
  icon?: string;
  topic?: Coding;
}

export type FactStatusName = 'known' | 'missing' | 'stale' | 'unparseable';

/** One fact as shown on a card (rules.md §5). Members without a value are left out. */
export interface CardFact {
  name: string;
  status: FactStatusName;
  value?: string | number | boolean;
  unit?: string;
  date?: string;
  reference?: string;
}

export interface NetcdsCardExtension {
  ruleId: string;
  grade?: '2B' | '2C';
  evidence?: string[];
  facts?: CardFact[];
}

export interface Card {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: Indicator;
  source: Source;
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: Coding[];
  links?: Link[];
  extension: { 'org.netcds': NetcdsCardExtension };
}

export interface CdsResponse {
  cards: Card[];
}
