/**
 * The orders of an ordering session (context.draftOrders): which are NET therapies, when they
 * are planned, and how much. order-select checks the orders named in `selections` (the others
 * are context); order-sign checks every draft (rules.md §4).
 */
import type { SsaFormulation } from './facts.js';
import { asArray, isObject, referenceTo, type Json } from './fhir-access.js';
import { activityInMBq, doseInMg, dosingIntervalDays, identifyMedication, type Agent, type MedicationLookup } from './medications.js';
import { plannedDateOf } from './derive/therapy-history.js';

export interface DraftOrder {
  /** `MedicationRequest/123` (or `ServiceRequest/…`). */
  reference: string;
  resourceType: string;
  agent: Agent;
  formulation?: SsaFormulation;
  display: string;
  plannedDate?: string;
  activityMBq?: number;
  doseMg?: number;
  intervalDays?: number;
  /** Whether this order is checked (selected in order-select; every draft in order-sign). */
  checked: boolean;
}

/** Request resources that can be orders of a therapy. */
const ORDER_TYPES = new Set(['MedicationRequest', 'ServiceRequest']);

export function readDraftOrders(draftOrders: unknown, selections: readonly string[] | undefined): DraftOrder[] {
  const bundle = isObject(draftOrders) ? draftOrders : {};
  const resources = asArray(bundle.entry)
    .map((e) => (isObject(e) && isObject(e.resource) ? e.resource : undefined))
    .filter((r): r is Json => r !== undefined);
  // Medications contained in the Bundle itself (some clients send them alongside the orders).
  const lookup: MedicationLookup = new Map(
    resources.filter((r) => r.resourceType === 'Medication').map((r) => [referenceTo(r) ?? '', r] as const),
  );
  const selected = selections ? new Set(selections) : undefined;
  const orders: DraftOrder[] = [];
  for (const resource of resources) {
    if (typeof resource.resourceType !== 'string' || !ORDER_TYPES.has(resource.resourceType)) continue;
    const identity = identifyMedication(resource, lookup);
    if (!identity) continue;
    const reference = referenceTo(resource) ?? `${resource.resourceType}/(no id)`;
    const plannedDate = plannedDateOf(resource);
    const activity = identity.agent === 'lu177-dotatate' ? activityInMBq(resource) : undefined;
    const doseMg = doseInMg(resource);
    const interval = dosingIntervalDays(resource);
    orders.push({
      reference,
      resourceType: resource.resourceType,
      agent: identity.agent,
      display: identity.display,
      ...(identity.formulation ? { formulation: identity.formulation } : {}),
      ...(plannedDate ? { plannedDate } : {}),
      ...(activity !== undefined ? { activityMBq: activity } : {}),
      ...(doseMg !== undefined && identity.agent !== 'lu177-dotatate' ? { doseMg } : {}),
      ...(interval !== undefined ? { intervalDays: interval } : {}),
      checked: selected ? selected.has(reference) : true,
    });
  }
  return orders;
}
