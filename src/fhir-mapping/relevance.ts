/**
 * Principle 1 (rules.md §1), "quiet unless relevant", as a fast path: patient-view has nothing to
 * say to a patient without an active NET condition (GI, pancreatic, unspecified site or
 * carcinoma) and without a Lu-177 dose on record, so such charts are not mapped at all.
 */
import type { ChartData } from './chart.js';
import { isObject } from './fhir-access.js';
import { identifyMedication } from './medications.js';
import { isActiveCondition, isDoneProcedure, isGivenAdministration } from './resource-hygiene.js';
import { valueSetsOf } from './valuesets.js';

const NET_CONDITION_SETS = ['giNet', 'netSiteUnspecified', 'pancreaticNet', 'neuroendocrineCarcinoma'] as const;

export function mayConcernNetCare(chart: ChartData): boolean {
  for (const r of chart.resources) {
    if (!isObject(r) || r.resourceType !== 'Condition' || !isActiveCondition(r)) continue;
    const sets = valueSetsOf(r.code);
    if (NET_CONDITION_SETS.some((s) => sets.has(s))) return true;
  }
  const noLookup = new Map();
  for (const r of chart.resources) {
    if (!isObject(r)) continue;
    const given =
      (r.resourceType === 'MedicationAdministration' && isGivenAdministration(r)) ||
      r.resourceType === 'MedicationStatement' ||
      (r.resourceType === 'Procedure' && isDoneProcedure(r));
    if (given && identifyMedication(r, noLookup)?.agent === 'lu177-dotatate') return true;
  }
  // A Lu-177 dose given by reference to a Medication resource: decide on the full mapping.
  return chart.resources.some((r) => isObject(r) && r.resourceType === 'Medication');
}
