/**
 * One hook call: validate → resolve data → map → decide → render. Returns a plain value; the
 * Express adapter writes it (style-examples.md "Pure core, thin edges").
 */
import type { Card } from '../cds-types.js';
import type { Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { ServiceError } from '../errors.js';
import type { TemplateSet } from '../cards/templates.js';
import { isoDateOf } from '../fhir-mapping/dates.js';
import type { Finding } from '../engine/types.js';
import { resolveChart, type ResolutionStats } from './resolve-data.js';
import { parseHookRequest, type HookRequest } from './request-schema.js';
import { decide, draftOrdersOf, SERVICE_BY_ID, type ServiceDefinition } from './services.js';

export interface InvokeDeps {
  config: Config;
  templates: TemplateSet;
  now: () => Date;
  /** Checks a fhirServer before any request is sent to it (allowlist; see src/security). */
  checkFhirServer?: (fhirServer: string) => void;
  /** The FHIR connection pool. */
  dispatcher?: Dispatcher;
}

export interface InvokeResult {
  service: ServiceDefinition;
  request: HookRequest;
  cards: Card[];
  findings: Finding[];
  stats: ResolutionStats;
}

export function findService(id: string): ServiceDefinition {
  const service = SERVICE_BY_ID.get(id);
  if (!service) throw new ServiceError('UNKNOWN_SERVICE', `no CDS service with id '${id.slice(0, 64)}'`);
  return service;
}

export async function invokeService(serviceId: string, body: unknown, deps: InvokeDeps): Promise<InvokeResult> {
  const service = findService(serviceId);
  const request = parseHookRequest(body, service.hook);
  // An order session without a NET therapy among the checked orders needs no chart: answer at once,
  // without touching the FHIR server (principle 1: quiet unless relevant).
  if (service.hook !== 'patient-view' && !hasCheckedNetOrder(request)) {
    return { service, request, cards: [], findings: [], stats: { fallbackQueries: 0, fallbackFailures: 0 } };
  }
  if (request.fhirServer) deps.checkFhirServer?.(request.fhirServer);
  const chart = await resolveChart(request, {
    timeoutMs: deps.config.fhir.timeoutMs,
    maxPages: deps.config.fhir.maxPages,
    maxMedicationReads: deps.config.fhir.maxMedicationReads,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });
  const { cards, findings } = decide({
    request,
    chart,
    today: isoDateOf(deps.now()),
    clinical: deps.config.clinical,
    templates: deps.templates,
    publicBaseUrl: deps.config.publicBaseUrl,
  });
  return { service, request, cards, findings, stats: chart.stats };
}

function hasCheckedNetOrder(request: HookRequest): boolean {
  return draftOrdersOf(request).some((o) => o.checked);
}
