/**
 * A FHIR server double for fallback tests: nock intercepts the service's outbound fetch and
 * answers from an in-memory store, recording each request's path and Authorization header.
 */
import nock from 'nock';
import type { FhirResource } from 'fhir/r4.js';
import { storeFor } from '../fixtures/hooks.js';

export interface RecordedRequest {
  path: string;
  authorization?: string;
}

export function mockFhirServer(baseUrl: string, resources: FhirResource[], o: { delayMs?: number; fail?: (path: string) => number | 'garbage' | undefined } = {}) {
  const store = storeFor(resources);
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const requests: RecordedRequest[] = [];
  const scope = nock(url.origin)
    .persist()
    .get((uri) => uri.startsWith(prefix))
    .delay(o.delayMs ?? 0)
    .reply(function (uri) {
      const relative = uri.slice(prefix.length);
      const auth = this.req.headers.authorization;
      requests.push({ path: relative, ...(auth ? { authorization: String(auth) } : {}) });
      const failure = o.fail?.(relative);
      if (failure === 'garbage') return [200, '<html>not json', { 'content-type': 'text/html' }];
      if (typeof failure === 'number') return [failure, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }];
      const result = store.handle(relative, baseUrl);
      return [result.status, result.body, { 'content-type': 'application/fhir+json' }];
    });
  return { requests, scope };
}
