/**
 * The three CDS services (discovery entries) and what each decides. A service handler takes the
 * validated request and the resolved chart and returns cards; it never touches Express.
 */
import type { Card, HookName } from '../cds-types.js';
import type { ClinicalConfig } from '../config.js';
import { buildCard } from '../cards/card-builder.js';
import type { TemplateSet } from '../cards/templates.js';
import { byUrgency, evaluateOrder, evaluatePatientView, RULE_BY_ID } from '../engine/index.js';
import type { Finding, OrderContext } from '../engine/types.js';
import { indexChart, type ChartData } from '../fhir-mapping/chart.js';
import { readDraftOrders, type DraftOrder } from '../fhir-mapping/draft-orders.js';
import type { Facts } from '../fhir-mapping/facts.js';
import { mapIndexedChart } from '../fhir-mapping/map-facts.js';
import { mayConcernNetCare } from '../fhir-mapping/relevance.js';
import { prefetchTemplates } from './prefetch-templates.js';
import type { HookRequest } from './request-schema.js';

export interface ServiceDefinition {
  id: string;
  hook: HookName;
  title: string;
  description: string;
  usageRequirements: string;
}

const USAGE =
  'Reads Patient, Conditions, Observations (Ki-67, grade, kidney function, blood counts, performance status, ' +
  'assessments), imaging, medication history and procedures through the prefetch templates or, when they are ' +
  'not prefetched, from fhirServer with fhirAuthorization. See docs/data-mapping.md for the codes it reads.';

export const SERVICES: readonly ServiceDefinition[] = [
  {
    id: 'netcds-patient-view',
    hook: 'patient-view',
    title: 'GI NET systemic therapy: where the patient stands',
    description:
      'For metastatic well-differentiated G1/G2 gastrointestinal neuroendocrine tumours: the recommended next step ' +
      'of systemic therapy, the data that is missing, and monitoring due after Lu-177 dotatate.',
    usageRequirements: USAGE,
  },
  {
    id: 'netcds-order-select',
    hook: 'order-select',
    title: 'GI NET therapy order checks (selection)',
    description:
      'When Lu-177 dotatate (PRRT) or another NET therapy is selected: PRRT eligibility, SSA washout and dosing ' +
      'interval, cumulative activity, and guideline notes for other NET therapies.',
    usageRequirements: USAGE,
  },
  {
    id: 'netcds-order-sign',
    hook: 'order-sign',
    title: 'GI NET therapy order checks (signing)',
    description:
      'When orders are signed: the same checks as at selection, for every draft order of a NET therapy.',
    usageRequirements: USAGE,
  },
];

export const SERVICE_BY_ID: ReadonlyMap<string, ServiceDefinition> = new Map(SERVICES.map((s) => [s.id, s]));

export function discoveryDocument(): { services: Array<ServiceDefinition & { prefetch: Record<string, string> }> } {
  const prefetch = prefetchTemplates();
  return { services: SERVICES.map((s) => ({ ...s, prefetch })) };
}

/** The discovery answer, serialised once at start-up (it never changes while the process runs). */
export const DISCOVERY_JSON = JSON.stringify(discoveryDocument());

export interface DecisionInputs {
  request: HookRequest;
  chart: ChartData;
  /** Today, from the clock at the edge. */
  today: string;
  clinical: ClinicalConfig;
  templates: TemplateSet;
  publicBaseUrl: string;
}

export interface Decision {
  cards: Card[];
  findings: Finding[];
}

export function decide(inputs: DecisionInputs): Decision {
  const findings = inputs.request.hook === 'patient-view' ? patientViewFindings(inputs) : orderFindings(inputs);
  const cards = findings.map((f) =>
    buildCard(f, { templates: inputs.templates, patientId: inputs.request.context.patientId, publicBaseUrl: inputs.publicBaseUrl, rule: RULE_BY_ID.get(f.ruleId)! }),
  );
  return { cards, findings };
}

function patientViewFindings(inputs: DecisionInputs): Finding[] {
  if (!mayConcernNetCare(inputs.chart)) return [];
  const facts = mapIndexedChart(indexChart(inputs.chart), inputs.today, inputs.clinical);
  return evaluatePatientView({ facts, today: inputs.today, config: inputs.clinical });
}

/** The session's draft orders; `checked` marks those to check (order-select: the selections). */
export function draftOrdersOf(request: HookRequest): DraftOrder[] {
  const selections = request.hook === 'order-select' ? request.context.selections : undefined;
  return readDraftOrders(request.context.draftOrders, selections);
}

/**
 * order-select checks the selected orders (the rest of the session is context); order-sign
 * checks every draft. Facts are judged on each order's planned date: the dosage timing event,
 * boundsPeriod start or occurrence[x]; a past or missing date counts as today (and the cards say
 * so when it was missing).
 */
function orderFindings(inputs: DecisionInputs): Finding[] {
  const { request, today } = inputs;
  const drafts = draftOrdersOf(request);
  const checked = drafts.filter((d) => d.checked);
  if (checked.length === 0) return [];
  const index = indexChart(inputs.chart);
  const factsByDate = new Map<string, Facts>();
  const findings: Finding[] = [];
  for (const order of checked) {
    const plannedDateAssumed = order.plannedDate === undefined;
    const plannedDate = order.plannedDate && order.plannedDate > today ? order.plannedDate : today;
    let facts = factsByDate.get(plannedDate);
    if (!facts) factsByDate.set(plannedDate, (facts = mapIndexedChart(index, plannedDate, inputs.clinical)));
    const context: OrderContext = { facts, order, plannedDate, plannedDateAssumed, today, drafts, config: inputs.clinical };
    findings.push(...evaluateOrder(context));
  }
  return byUrgency(findings);
}
