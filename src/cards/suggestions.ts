/**
 * Suggestions the guideline implies, as CDS Hooks actions carrying valid FHIR R4 resources.
 * Proposed resources are drafts (`status: draft`, `intent: proposal`) for the clinician to sign in
 * the EHR. Codes are used only where the team's terminology list verifies them; otherwise the
 * resource names the test or product in `code.text`.
 */
import { randomUUID } from 'node:crypto';
import type { MedicationRequest, ServiceRequest } from 'fhir/r4.js';
import type { Suggestion } from '../cds-types.js';
import { LOINC, RXNORM, UCUM } from '../fhir-mapping/code-systems.js';
import type { SuggestionIntent } from '../engine/types.js';

interface SuggestionContext {
  patientId: string;
}

const subject = (ctx: SuggestionContext) => ({ reference: `Patient/${ctx.patientId}` });

function serviceRequest(ctx: SuggestionContext, code: ServiceRequest['code'], reason: string, category?: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    subject: subject(ctx),
    code,
    ...(category ? { category: [{ text: category }] } : {}),
    reasonCode: [{ text: reason }],
  };
}

function ssaRequest(ctx: SuggestionContext, rxnorm: string, display: string, text: string, doseMg: number, route: string): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'proposal',
    subject: subject(ctx),
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxnorm, display }], text },
    dosageInstruction: [
      {
        text: `${doseMg} mg ${route} every 4 weeks`,
        timing: { repeat: { frequency: 1, period: 4, periodUnit: 'wk' } },
        route: { text: route },
        doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg', system: UCUM, code: 'mg' } }],
      },
    ],
    reasonCode: [{ text: 'Well-differentiated G1/G2 GI neuroendocrine tumour, SSTR-positive' }],
  };
}

export function buildSuggestion(intent: SuggestionIntent, ctx: SuggestionContext): Suggestion {
  const uuid = randomUUID();
  switch (intent.kind) {
    case 'order-sstr-pet':
      return {
        uuid,
        label: 'Order SSTR PET (Ga-68 dotatate, Ga-68 dotatoc or Cu-64 dotatate)',
        actions: [
          {
            type: 'create',
            description: 'Draft order for somatostatin-receptor PET-CT',
            resource: serviceRequest(
              ctx,
              { text: 'Somatostatin receptor PET-CT (Ga-68 dotatate, Ga-68 dotatoc or Cu-64 dotatate)' },
              'Somatostatin receptor status of a GI neuroendocrine tumour decides SSA and PRRT eligibility',
              'Imaging',
            ),
          },
        ],
      };
    case 'start-octreotide-lar':
      return {
        uuid,
        label: 'Start octreotide LAR 30 mg IM every 4 weeks',
        actions: [
          {
            type: 'create',
            description: 'Draft order: octreotide LAR 30 mg intramuscular (gluteal) every 4 weeks',
            // RxNorm 898601: octreotide 12 mg/mL injectable suspension (the 30 mg LAR kit).
            resource: ssaRequest(ctx, '898601', 'Octreotide 12 MG/ML Injectable Suspension', 'octreotide LAR 30 mg', 30, 'intramuscular (gluteal)'),
          },
        ],
      };
    case 'start-lanreotide':
      return {
        uuid,
        label: 'Start lanreotide 120 mg deep SC every 4 weeks',
        actions: [
          {
            type: 'create',
            description: 'Draft order: lanreotide 120 mg deep subcutaneous every 4 weeks',
            // RxNorm 749814: 0.5 mL lanreotide 240 mg/mL prefilled syringe (120 mg).
            resource: ssaRequest(ctx, '749814', '0.5 ML lanreotide 240 MG/ML Prefilled Syringe', 'lanreotide 120 mg', 120, 'deep subcutaneous'),
          },
        ],
      };
    case 'order-cbc':
      return {
        uuid,
        label: 'Order CBC with differential',
        actions: [
          {
            type: 'create',
            description: 'Draft order: complete blood count with differential',
            resource: serviceRequest(ctx, { text: 'Complete blood count with differential' }, 'Monitoring after Lu-177 dotatate PRRT (myelotoxicity, therapy-related myeloid neoplasm)', 'Laboratory'),
          },
        ],
      };
    case 'order-kidney-function':
      return {
        uuid,
        label: 'Order serum creatinine and eGFR',
        actions: [
          {
            type: 'create',
            description: 'Draft order: serum creatinine with eGFR',
            resource: serviceRequest(
              ctx,
              { coding: [{ system: LOINC, code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma' }], text: 'Serum creatinine with eGFR' },
              'Kidney monitoring after Lu-177 dotatate PRRT',
              'Laboratory',
            ),
          },
        ],
      };
    case 'refer-hematology':
      return {
        uuid,
        label: 'Refer to haematology',
        actions: [
          {
            type: 'create',
            description: 'Draft referral to haematology',
            resource: serviceRequest(
              ctx,
              { text: 'Referral to haematology' },
              'Cytopenia after Lu-177 dotatate PRRT: evaluate for a therapy-related myeloid neoplasm',
              'Referral',
            ),
          },
        ],
      };
    case 'remove-draft-order':
      return {
        uuid,
        label: `Remove the ${intent.display} order`,
        actions: [{ type: 'delete', description: `Remove the draft ${intent.display} order`, resourceId: intent.resourceId }],
      };
  }
}
