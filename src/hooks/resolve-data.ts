/**
 * Data resolution (CDS Hooks 2.0.1 §Prefetch template; checklist §2.4). For every prefetch key:
 *
 * | request state              | action                                                       |
 * |----------------------------|--------------------------------------------------------------|
 * | key present with data      | use it (Bundles are followed through their `next` links)     |
 * | key `null`                 | no data: nothing to fetch                                    |
 * | OperationOutcome, or a     | the client failed to fetch it: query `fhirServer`            |
 * | Bundle carrying an error   |                                                              |
 * | key missing                | query `fhirServer`                                           |
 *
 * All queries run in parallel, each with its own timeout. Required data (Patient, Conditions)
 * that cannot be obtained → 412 naming what is missing; optional data that fails makes its
 * group unavailable, which the rules show as unknown.
 */
import type { ChartData, DataGroup } from '../fhir-mapping/chart.js';
import { asArray, asString, isObject, type Json } from '../fhir-mapping/fhir-access.js';
import { ServiceError, type ErrorIssue } from '../errors.js';
import type { Dispatcher } from 'undici';
import { bundleResources, FhirFetchError, fhirRead, fhirSearch, nextLink, sameOrigin, type FhirConnection } from './fhir-fetch.js';
import { fillTemplate, PREFETCH, PREFETCH_KEYS, type PrefetchKey, type PrefetchSpec } from './prefetch-templates.js';
import type { HookRequest } from './request-schema.js';

export interface ResolveOptions {
  timeoutMs: number;
  maxPages: number;
  maxMedicationReads: number;
  dispatcher?: Dispatcher;
}

export interface ResolutionStats {
  /** Queries sent to the FHIR server, and how many failed. */
  fallbackQueries: number;
  fallbackFailures: number;
}

export interface ResolvedChart extends ChartData {
  stats: ResolutionStats;
}

type KeyOutcome =
  | { key: PrefetchKey; ok: true; resources: Json[]; complete: boolean }
  | { key: PrefetchKey; ok: false; reason: string };

export async function resolveChart(request: HookRequest, options: ResolveOptions): Promise<ResolvedChart> {
  const stats: ResolutionStats = { fallbackQueries: 0, fallbackFailures: 0 };
  const connection: FhirConnection | undefined = request.fhirServer
    ? {
        baseUrl: request.fhirServer,
        accessToken: request.fhirAuthorization?.access_token,
        timeoutMs: options.timeoutMs,
        maxPages: options.maxPages,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      }
    : undefined;

  const outcomes = await Promise.all(PREFETCH_KEYS.map((key) => resolveKey(key, PREFETCH[key], request, connection, stats)));

  const problems: ErrorIssue[] = [];
  const unavailable = new Set<DataGroup>();
  const resources: Json[] = [];
  let patient: Json | undefined;
  for (const outcome of outcomes) {
    const spec = PREFETCH[outcome.key];
    if (!outcome.ok || (spec.required && !outcome.complete)) {
      const reason = outcome.ok ? 'the result has more pages than the service follows (FHIR_MAX_PAGES)' : outcome.reason;
      if (spec.required) problems.push({ path: `prefetch.${outcome.key}`, message: `${spec.template}: ${reason}` });
      else if (spec.group) unavailable.add(spec.group);
      if (!outcome.ok) continue;
    }
    if (outcome.ok && !outcome.complete && spec.group) unavailable.add(spec.group);
    for (const resource of outcome.resources) {
      if (outcome.key === 'patient' && resource.resourceType === 'Patient') patient ??= resource;
      else resources.push(resource);
    }
  }
  if (problems.length > 0) {
    throw new ServiceError('FHIR_DATA_UNAVAILABLE', `required FHIR data could not be obtained: ${problems.map((p) => p.path).join(', ')}`, problems);
  }
  const medications = await resolveMedicationReferences(resources, connection, options, stats);
  return { ...(patient ? { patient } : {}), resources: medications.length ? [...resources, ...medications] : resources, unavailable, stats };
}

async function resolveKey(
  key: PrefetchKey,
  spec: PrefetchSpec,
  request: HookRequest,
  connection: FhirConnection | undefined,
  stats: ResolutionStats,
): Promise<KeyOutcome> {
  const prefetch = request.prefetch;
  const supplied = prefetch !== undefined && Object.prototype.hasOwnProperty.call(prefetch, key);
  const value = supplied ? prefetch[key] : undefined;
  if (supplied && value === null) return { key, ok: true, resources: [], complete: true };
  if (supplied && isObject(value) && !isErrorResult(value)) {
    const resources = prefetchedResources(key, spec, value as Json);
    const next = value.resourceType === 'Bundle' ? nextLink(value as Json) : undefined;
    if (!next) return { key, ok: true, resources, complete: true };
    // A paginated prefetch (allowed since 2.0): fetch the remaining pages from the FHIR server.
    if (!connection) return { key, ok: true, resources, complete: false };
    if (!sameOrigin(next, connection.baseUrl)) return { key, ok: false, reason: 'a paging link leaves the FHIR server' };
    return fetchKey(key, next, spec, connection, stats, resources);
  }
  if (!connection) {
    const why = supplied ? 'the client reported an error prefetching it' : 'it was not prefetched';
    return { key, ok: false, reason: `${why}, and the request has no fhirServer to fetch it from` };
  }
  return fetchKey(key, fillTemplate(spec.template, request.context as unknown as Record<string, unknown>), spec, connection, stats, []);
}

async function fetchKey(
  key: PrefetchKey,
  url: string,
  spec: PrefetchSpec,
  connection: FhirConnection,
  stats: ResolutionStats,
  already: Json[],
): Promise<KeyOutcome> {
  stats.fallbackQueries += 1;
  try {
    if (spec.kind === 'read') {
      const resource = await fhirRead(connection, url);
      if (resource.resourceType !== spec.resourceType) {
        throw new FhirFetchError('not-fhir', `expected a ${spec.resourceType}, got ${String(resource.resourceType)}`);
      }
      return { key, ok: true, resources: [resource], complete: true };
    }
    const { resources, complete } = await fhirSearch(connection, url);
    return { key, ok: true, resources: [...already, ...resources.filter((r) => r.resourceType !== 'OperationOutcome')], complete };
  } catch (err) {
    stats.fallbackFailures += 1;
    if (spec.kind === 'read' && err instanceof FhirFetchError && err.httpStatus === 404) {
      // The Patient does not exist on that server: no data, as a null prefetch would say.
      return { key, ok: true, resources: [], complete: true };
    }
    const reason = err instanceof FhirFetchError ? `the FHIR server query failed (${err.message})` : 'the FHIR server query failed';
    return { key, ok: false, reason };
  }
}

/** An OperationOutcome, or a Bundle holding an error-level OperationOutcome: the client could not fetch the data. */
function isErrorResult(value: Json): boolean {
  if (value.resourceType === 'OperationOutcome') return true;
  if (value.resourceType !== 'Bundle') return false;
  return asArray(value.entry).some(
    (e) =>
      isObject(e) &&
      isObject(e.resource) &&
      e.resource.resourceType === 'OperationOutcome' &&
      asArray(e.resource.issue).some((i) => isObject(i) && (i.severity === 'error' || i.severity === 'fatal')),
  );
}

function prefetchedResources(key: PrefetchKey, spec: PrefetchSpec, value: Json): Json[] {
  if (value.resourceType === 'Bundle') {
    return bundleResources(value).filter((r) => r.resourceType !== 'OperationOutcome');
  }
  if (spec.kind === 'read' && value.resourceType === spec.resourceType) return [value];
  throw new ServiceError('INVALID_HOOK_REQUEST', `prefetch.${key} must be ${spec.kind === 'read' ? `a ${spec.resourceType}, ` : ''}a Bundle or null`, [
    { path: `prefetch.${key}`, message: `must be ${spec.kind === 'read' ? `a ${spec.resourceType}, ` : ''}a Bundle, an OperationOutcome or null; got ${String(value.resourceType)}` },
  ]);
}

/**
 * Medication resources named by `medicationReference` (not contained, not already present) are
 * read from the FHIR server, a bounded number in parallel. Unresolved ones are identified by
 * the reference's display text, or not at all.
 */
async function resolveMedicationReferences(
  resources: Json[],
  connection: FhirConnection | undefined,
  options: ResolveOptions,
  stats: ResolutionStats,
): Promise<Json[]> {
  if (!connection) return [];
  const present = new Set(resources.filter((r) => r.resourceType === 'Medication').map((r) => `Medication/${String(r.id)}`));
  const wanted = new Set<string>();
  for (const r of resources) {
    const ref = isObject(r.medicationReference) ? asString(r.medicationReference.reference) : undefined;
    if (ref && /^Medication\/[A-Za-z0-9\-.]{1,64}$/.test(ref) && !present.has(ref)) wanted.add(ref);
  }
  const reads = [...wanted].slice(0, options.maxMedicationReads);
  const results = await Promise.all(
    reads.map(async (ref) => {
      stats.fallbackQueries += 1;
      try {
        const med = await fhirRead(connection, ref);
        return med.resourceType === 'Medication' ? med : undefined;
      } catch {
        stats.fallbackFailures += 1;
        return undefined;
      }
    }),
  );
  return results.filter((m): m is Json => m !== undefined);
}
