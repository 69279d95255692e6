/**
 * A read-only, in-memory FHIR "server" for the small search subset this service's own prefetch
 * templates use: instance read, and type search by `patient`, token `code` / `category` / `status`
 * (comma = OR, `system|code` or bare code), `_count` paging with `next` links. It backs the demo
 * FHIR endpoint (/demo/fhir) and test doubles of an EHR's FHIR server.
 */
import { asArray, isObject, type Json } from '../fhir-mapping/fhir-access.js';
import { canonicalSystem } from '../fhir-mapping/code-systems.js';

const TOKEN_PATHS: Record<string, Record<string, string>> = {
  code: { Observation: 'code', Condition: 'code', Procedure: 'code', ServiceRequest: 'code', DiagnosticReport: 'code', Medication: 'code' },
  category: { Observation: 'category', Condition: 'category', DiagnosticReport: 'category', ServiceRequest: 'category', MedicationRequest: 'category' },
};

export interface SearchResult {
  status: number;
  body: Json;
}

export class MemoryFhirStore {
  private readonly byType = new Map<string, Json[]>();

  constructor(resources: Iterable<Json>) {
    for (const r of resources) this.add(r);
  }

  add(resource: Json): void {
    const type = String(resource.resourceType);
    let list = this.byType.get(type);
    if (!list) this.byType.set(type, (list = []));
    list.push(resource);
  }

  /** Handle a relative FHIR URL (`Patient/1`, `Observation?patient=1&code=…`) against `baseUrl`. */
  handle(relativeUrl: string, baseUrl: string): SearchResult {
    const [path = '', query = ''] = relativeUrl.replace(/^\/+/, '').split('?', 2);
    const segments = path.split('/').filter(Boolean);
    if (segments.length === 2) return this.read(segments[0]!, segments[1]!);
    if (segments.length === 1) return this.search(segments[0]!, new URLSearchParams(query), baseUrl);
    return notFound(`unsupported path ${path}`);
  }

  read(type: string, id: string): SearchResult {
    const found = (this.byType.get(type) ?? []).find((r) => r.id === id);
    return found ? { status: 200, body: found } : notFound(`${type}/${id} not found`);
  }

  search(type: string, params: URLSearchParams, baseUrl: string): SearchResult {
    let matches = this.byType.get(type) ?? [];
    for (const [name, value] of params) {
      if (name === '_count' || name === '_sort' || name === '_offset') continue;
      if (name === 'patient' || name === 'subject') matches = matches.filter((r) => patientOf(r) === value.replace(/^Patient\//, ''));
      else if (name === 'status') matches = matches.filter((r) => value.split(',').includes(String(r.status)));
      else if (name === '_id') matches = matches.filter((r) => value.split(',').includes(String(r.id)));
      else if (TOKEN_PATHS[name]) matches = matches.filter((r) => tokenMatches(r, TOKEN_PATHS[name]![type], value));
      else return { status: 400, body: outcome('invalid', `unsupported search parameter ${name}`) };
    }
    const count = Number(params.get('_count') ?? '0') || matches.length || 1;
    const offset = Number(params.get('_offset') ?? '0') || 0;
    const page = matches.slice(offset, offset + count);
    const bundle: Json = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      entry: page.map((resource) => ({ fullUrl: `${baseUrl}/${type}/${String(resource.id)}`, resource, search: { mode: 'match' } })),
    };
    if (offset + count < matches.length) {
      const next = new URLSearchParams(params);
      next.set('_offset', String(offset + count));
      next.set('_count', String(count));
      bundle.link = [{ relation: 'next', url: `${baseUrl}/${type}?${next.toString()}` }];
    }
    return { status: 200, body: bundle };
  }
}

function patientOf(resource: Json): string | undefined {
  if (resource.resourceType === 'Patient') return String(resource.id);
  for (const key of ['subject', 'patient']) {
    const ref = resource[key];
    if (isObject(ref) && typeof ref.reference === 'string') return ref.reference.replace(/^.*Patient\//, '');
  }
  return undefined;
}

function tokenMatches(resource: Json, path: string | undefined, value: string): boolean {
  if (!path) return false;
  const concepts = Array.isArray(resource[path]) ? asArray(resource[path]) : [resource[path]];
  const wanted = value.split(',').map((t) => {
    const bar = t.lastIndexOf('|');
    return bar >= 0 ? { system: canonicalSystem(t.slice(0, bar)) || undefined, code: t.slice(bar + 1) } : { system: undefined, code: t };
  });
  return concepts.some(
    (c) =>
      isObject(c) &&
      asArray(c.coding).some(
        (coding) =>
          isObject(coding) &&
          wanted.some((w) => w.code === coding.code && (w.system === undefined || w.system === canonicalSystem(String(coding.system)))),
      ),
  );
}

function outcome(code: string, text: string): Json {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] };
}

function notFound(text: string): SearchResult {
  return { status: 404, body: outcome('not-found', text) };
}
