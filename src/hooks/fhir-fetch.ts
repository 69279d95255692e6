/**
 * Queries to the CDS client's FHIR server (fhir-kit-client), each with its own timeout, the
 * bearer token of this request only, and bounded same-origin paging. A reply that is not FHIR
 * JSON is an error, never data.
 */
import createDebug from 'debug';
import { Client } from 'fhir-kit-client';
import { Agent, type Dispatcher } from 'undici';
import { asArray, isObject, type Json } from '../fhir-mapping/fhir-access.js';

// fhir-kit-client logs request headers (the bearer token) when DEBUG enables its namespace.
// Whatever DEBUG says, those namespaces stay off in this process.
createDebug.enable([createDebug.disable(), '-fhir-kit-client:*'].filter(Boolean).join(','));

export type FetchFailure = 'timeout' | 'http-error' | 'not-fhir' | 'network' | 'off-origin';

export class FhirFetchError extends Error {
  constructor(
    readonly failure: FetchFailure,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'FhirFetchError';
  }
}

export interface FhirConnection {
  baseUrl: string;
  accessToken?: string;
  timeoutMs: number;
  maxPages: number;
  /** The shared connection pool (bounded sockets per FHIR server); the global one when absent. */
  dispatcher?: Dispatcher;
}

/**
 * The pool FHIR queries go through: at most `connectionsPerOrigin` sockets to one FHIR server, kept
 * alive between hook calls. It bounds the load this service can put on an EHR's FHIR server and the
 * memory its sockets take.
 */
export function createFhirDispatcher(connectionsPerOrigin: number): Dispatcher {
  return new Agent({ connections: connectionsPerOrigin, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
}

const clients = new WeakMap<FhirConnection, Client>();

/** One client per connection (that is, per hook call): its queries share headers and set-up. */
function clientFor(connection: FhirConnection): Client {
  let client = clients.get(connection);
  if (!client) clients.set(connection, (client = createClient(connection)));
  return client;
}

function createClient(connection: FhirConnection): Client {
  return new Client({
    baseUrl: connection.baseUrl,
    // Passed through to fetch (Node's fetch accepts an undici dispatcher in its init).
    ...(connection.dispatcher ? { requestOptions: { dispatcher: connection.dispatcher } } : {}),
    customHeaders: {
      accept: 'application/fhir+json',
      ...(connection.accessToken ? { authorization: `Bearer ${connection.accessToken}` } : {}),
    },
  });
}

async function getJson(client: Client, url: string, timeoutMs: number): Promise<Json> {
  let result: unknown;
  try {
    result = await client.request(url, { options: { signal: AbortSignal.timeout(timeoutMs) } });
  } catch (err) {
    throw describeFailure(err, timeoutMs);
  }
  if (!isObject(result) || typeof result.resourceType !== 'string') {
    throw new FhirFetchError('not-fhir', 'the reply is not a FHIR resource');
  }
  return result;
}

function describeFailure(err: unknown, timeoutMs: number): FhirFetchError {
  const e = err as { name?: string; response?: { status?: number }; status?: number; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new FhirFetchError('timeout', `no answer within ${timeoutMs} ms`);
  }
  const status = e?.response?.status ?? e?.status;
  if (typeof status === 'number') {
    if (status >= 200 && status < 300) return new FhirFetchError('not-fhir', 'the reply is not valid JSON');
    return new FhirFetchError('http-error', `HTTP ${status}`, status);
  }
  if (err instanceof SyntaxError) return new FhirFetchError('not-fhir', 'the reply is not valid JSON');
  return new FhirFetchError('network', 'the FHIR server could not be reached');
}

/** Read one resource (e.g. `Patient/123`). */
export async function fhirRead(connection: FhirConnection, relativeUrl: string): Promise<Json> {
  return getJson(clientFor(connection), relativeUrl, connection.timeoutMs);
}

/**
 * Run a search and follow `next` links up to `maxPages`, staying on the FHIR server's origin.
 * Returns the entries' resources and whether the result is complete.
 */
export async function fhirSearch(connection: FhirConnection, relativeUrl: string): Promise<{ resources: Json[]; complete: boolean }> {
  const client = clientFor(connection);
  const resources: Json[] = [];
  let bundle = await getJson(client, relativeUrl, connection.timeoutMs);
  for (let page = 1; ; page += 1) {
    resources.push(...bundleResources(bundle));
    const next = nextLink(bundle);
    if (!next) return { resources, complete: true };
    if (!sameOrigin(next, connection.baseUrl)) throw new FhirFetchError('off-origin', 'a paging link leaves the FHIR server');
    if (page >= connection.maxPages) return { resources, complete: false };
    bundle = await getJson(client, next, connection.timeoutMs);
  }
}

/** The resources of a Bundle (searchset or collection); anything else is not a Bundle. */
export function bundleResources(bundle: Json): Json[] {
  if (bundle.resourceType !== 'Bundle') throw new FhirFetchError('not-fhir', `expected a Bundle, got ${String(bundle.resourceType)}`);
  const resources: Json[] = [];
  for (const entry of asArray(bundle.entry)) {
    if (isObject(entry) && isObject(entry.resource) && typeof entry.resource.resourceType === 'string') resources.push(entry.resource);
  }
  return resources;
}

export function nextLink(bundle: Json): string | undefined {
  for (const link of asArray(bundle.link)) {
    if (isObject(link) && link.relation === 'next' && typeof link.url === 'string') return link.url;
  }
  return undefined;
}

export function sameOrigin(url: string, baseUrl: string): boolean {
  try {
    return new URL(url, baseUrl).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}
