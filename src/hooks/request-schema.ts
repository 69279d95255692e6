/**
 * The hook request as the service accepts it (CDS Hooks 2.0.1 §Calling a CDS Service and the
 * hook definitions of the CDS Hooks Library 1.0.1). Validated once, at the edge, with zod;
 * every problem is reported with its dotted path.
 */
import { z } from 'zod';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { HookName } from '../cds-types.js';
import { ServiceError, type ErrorIssue } from '../errors.js';

/** FHIR `id` datatype: [A-Za-z0-9\-\.]{1,64}. */
const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id ([A-Za-z0-9-.], 1-64 characters)');

const relativeReference = (types: readonly string[]) =>
  z
    .string()
    .regex(
      new RegExp(`^(${types.join('|')})/[A-Za-z0-9\\-.]{1,64}$`),
      `must be a reference of the form ${types.join('|')}/<id>`,
    );

const resourceShape = z.looseObject({ resourceType: z.string().min(1) });

/**
 * draftOrders: "A Bundle of FHIR request resources". Bundle.type is not specified by the
 * hook definitions and real clients leave it out, so it is not required here.
 */
const draftOrdersBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string().optional(),
  entry: z.array(z.looseObject({ resource: resourceShape })).optional(),
});

const fhirAuthorization = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, "must be 'Bearer'"),
  // Required by the spec but not needed by this service: accepted when absent (lenient).
  expires_in: z.number().int().nonnegative().optional(),
  scope: z.string().optional(),
  subject: z.string().optional(),
  patient: z.string().optional(),
});

const prefetchValue = z.union([z.null(), resourceShape]);

const baseRequest = {
  hookInstance: z.string().min(1).max(128),
  fhirServer: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  fhirAuthorization: fhirAuthorization.optional(),
  prefetch: z.record(z.string(), prefetchValue).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
};

const anyUser = relativeReference(['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson']);
const orderingUser = relativeReference(['Practitioner', 'PractitionerRole']);

const patientViewContext = z.looseObject({
  userId: anyUser,
  patientId: fhirId,
  encounterId: fhirId.optional(),
});

const orderSignContext = z.looseObject({
  userId: orderingUser,
  patientId: fhirId,
  encounterId: fhirId.optional(),
  draftOrders: draftOrdersBundle,
});

const orderSelectContext = orderSignContext.extend({
  selections: z.array(z.string().regex(/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/, 'must be ResourceType/id')).min(1),
});

const requestSchemas = {
  'patient-view': z.looseObject({ hook: z.literal('patient-view'), context: patientViewContext, ...baseRequest }),
  'order-select': z.looseObject({ hook: z.literal('order-select'), context: orderSelectContext, ...baseRequest }),
  'order-sign': z.looseObject({ hook: z.literal('order-sign'), context: orderSignContext, ...baseRequest }),
} as const;

export interface HookRequest {
  hook: HookName;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: { access_token: string; token_type: string; scope?: string; subject?: string; patient?: string };
  prefetch?: Record<string, FhirResource | null>;
  context: {
    userId: string;
    patientId: string;
    encounterId?: string;
    selections?: string[];
    draftOrders?: Bundle;
  };
}

/** Validate a parsed JSON body for the service bound to `hook`; throws a 400 naming every problem. */
export function parseHookRequest(body: unknown, hook: HookName): HookRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceError('INVALID_HOOK_REQUEST', 'request body must be a JSON object', [
      { message: 'request body must be a JSON object' },
    ]);
  }
  const declaredHook = (body as { hook?: unknown }).hook;
  if (declaredHook !== hook) {
    const message = `this service answers the '${hook}' hook; got ${JSON.stringify(declaredHook ?? null)}`;
    throw new ServiceError('INVALID_HOOK_REQUEST', message, [{ path: 'hook', message }]);
  }
  const parsed = requestSchemas[hook].safeParse(body);
  const issues: ErrorIssue[] = parsed.success ? [] : parsed.error.issues.map(toIssue);
  if (parsed.success) {
    const request = parsed.data as unknown as HookRequest;
    issues.push(...crossFieldIssues(request));
    if (issues.length === 0) return request;
  }
  throw new ServiceError('INVALID_HOOK_REQUEST', `invalid ${hook} request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function toIssue(issue: z.core.$ZodIssue): ErrorIssue {
  const path = issue.path.map(String).join('.') || '(body)';
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return { path, message };
}

function crossFieldIssues(request: HookRequest): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  // CDS Hooks 2.0: "If fhirAuthorization is provided, this field [fhirServer] is REQUIRED."
  if (request.fhirAuthorization && !request.fhirServer) {
    issues.push({ path: 'fhirServer', message: 'is required when fhirAuthorization is sent' });
  }
  const selections = request.context.selections;
  if (selections) {
    const inDraft = new Set(
      (request.context.draftOrders?.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`),
    );
    selections.forEach((s, i) => {
      if (!inDraft.has(s)) issues.push({ path: `context.selections.${i}`, message: `'${s}' is not in context.draftOrders` });
    });
  }
  return issues;
}
