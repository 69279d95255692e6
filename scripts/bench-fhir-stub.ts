/**
 * A local FHIR server stub for the benchmark's fallback scenario: answers the service's own
 * searches from an in-memory chart, delaying every answer by BENCH_FHIR_DELAY_MS (default 20).
 */
import { createServer } from 'node:http';
import { MemoryFhirStore } from '../src/fhir-store/memory-search.js';
import { netChart } from './bench-charts.js';

const delay = Number(process.env.BENCH_FHIR_DELAY_MS ?? 20);
const store = new MemoryFhirStore(netChart());

const server = createServer((req, res) => {
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fhir`;
  const relative = (req.url ?? '').replace(/^\/fhir/, '');
  const result = store.handle(relative, base);
  const body = JSON.stringify(result.body);
  setTimeout(() => {
    res.writeHead(result.status, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }, delay);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`fhir stub listening on port ${typeof address === 'object' && address ? address.port : 0}\n`);
});
