/**
 * npm run bench — the service against the limit of its stack, on loopback.
 *
 * Starts the service (node dist/src/server.js, as in production but on loopback), a bare Express
 * endpoint answering the same bytes, and a FHIR stub that delays each query by 20 ms. For each
 * scenario it runs autocannon (16 connections, bounded in time and count) against both and prints
 * throughput, p50/p99 latency and their ratio; then the service's peak RSS. Results go to
 * bench/results.json. No test depends on these timings.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpus, freemem, totalmem, type as osType, release } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../src/project-root.js';
import { lu177OrderSelect, netChart, nonNetChart, patientView } from './bench-charts.js';
import { freePort } from './free-port.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);
const MAX_REQUESTS = 500_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Node flags of the service process: the production start command's (package.json "start"). */
const SERVICE_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? startCommandFlags()).split(/\s+/).filter(Boolean);

function startCommandFlags(): string {
  const start = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.replace(/^node\s+/, '').replace(/\s*dist\/src\/server\.js.*$/, '');
}
const FHIR_DELAY_MS = 20;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Throughput at least this fraction of the bare endpoint's; p99 at most `maxP99Ratio` × bare. */
  minThroughputRatio?: number;
  maxP99Ratio?: number;
  /** For the fallback scenario: p50 at most this many ms. */
  maxP50Ms?: number;
  compareWithBare: boolean;
  /** Connections for this scenario (default BENCH_CONNECTIONS). */
  connections?: number;
}

/**
 * Servers run on CPU 0 and the load generator (this process) on CPU 1 when `taskset` exists, so the
 * service and the bare endpoint get the same core and the load generator does not steal from it.
 */
const PINNING = (() => {
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return cpus().length >= 2;
  } catch {
    return false;
  }
})();

function start(script: string, env: Record<string, string>, readyPattern: RegExp, cpu = '0'): Promise<{ child: ChildProcess; port: number }> {
  const node = [process.execPath, script];
  const [command, args] = PINNING ? ['taskset', ['-c', cpu, ...node]] : [node[0]!, node.slice(1)];
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume(); // keep draining the service's request log
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
}

/** The service as production runs it (its start command's Node flags), on a free loopback port; ready when /healthz answers. */
async function startService(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', NODE_ENV: 'development', DEMO_MODE: 'false', FEEDBACK_DB_PATH: join(mkdtempSync(join(tmpdir(), 'netcds-bench-')), 'netcds.sqlite') };
  const node = [process.execPath, ...SERVICE_NODE_FLAGS, projectPath('dist', 'src', 'server.js')];
  const child = spawn(PINNING ? 'taskset' : node[0]!, PINNING ? ['-c', '0', ...node] : node.slice(1), { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not start');
}


async function measure(url: string, s: Scenario, seconds: number): Promise<Measured> {
  const r = await autocannon({
    url,
    connections: s.connections ?? CONNECTIONS,
    duration: seconds,
    maxOverallRequests: MAX_REQUESTS,
    method: s.method,
    ...(s.body ? { body: s.body, headers: { 'content-type': 'application/json' } } : {}),
  });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);

async function run(): Promise<void> {
  progress(`starting the FHIR stub, the service and the bare endpoint${PINNING ? ' (servers on CPU 0, load generator on CPU 1)' : ''}`);
  const fhir = await start(projectPath('dist', 'scripts', 'bench-fhir-stub.js'), { BENCH_FHIR_DELAY_MS: String(FHIR_DELAY_MS) }, /fhir stub listening on port (\d+)/, '1');
  const fhirBase = `http://127.0.0.1:${fhir.port}/fhir`;
  const service = await startService();
  const bare = await start(projectPath('dist', 'scripts', 'bench-bare.js'), {}, /bare listening on port (\d+)/);
  const serviceUrl = `http://127.0.0.1:${service.port}`;
  const bareUrl = `http://127.0.0.1:${bare.port}`;

  const net = netChart();
  const scenarios: Scenario[] = [
    { name: '1 discovery', method: 'GET', path: '/cds-services', compareWithBare: true },
    { name: '2 patient-view, non-NET, full prefetch', method: 'POST', path: '/cds-services/netcds-patient-view', body: patientView(nonNetChart()), minThroughputRatio: 0.8, compareWithBare: true },
    { name: `3 patient-view, NET (${net.length} resources), full prefetch`, method: 'POST', path: '/cds-services/netcds-patient-view', body: patientView(net), minThroughputRatio: 0.5, maxP99Ratio: 1.5, compareWithBare: true },
    { name: '4 order-select, Lu-177 dotatate, full prefetch', method: 'POST', path: '/cds-services/netcds-order-select', body: lu177OrderSelect(net), minThroughputRatio: 0.5, compareWithBare: true },
    // The fallback target is about parallelism (one query's delay, not the sum of twelve): measured
    // one call at a time, so that CPU queueing under load does not hide it; then under load.
    { name: `5a patient-view, no prefetch, FHIR stub ${FHIR_DELAY_MS} ms/query, 1 connection`, method: 'POST', path: '/cds-services/netcds-patient-view', body: patientView(undefined, fhirBase), maxP50Ms: 1.3 * FHIR_DELAY_MS + 10, compareWithBare: false, connections: 1 },
    { name: `5b patient-view, no prefetch, FHIR stub ${FHIR_DELAY_MS} ms/query, ${CONNECTIONS} connections`, method: 'POST', path: '/cds-services/netcds-patient-view', body: patientView(undefined, fhirBase), compareWithBare: false },
  ];

  const results = [];
  for (const s of scenarios) {
    progress(`${s.name}: warm-up ${WARMUP_S} s, then ${DURATION_S} s`);
    const sample = await fetch(`${serviceUrl}${s.path}`, { method: s.method, ...(s.body ? { body: s.body, headers: { 'content-type': 'application/json' } } : {}) });
    const bytes = await sample.text();
    if (sample.status !== 200) throw new Error(`${s.name}: the service answered ${sample.status}: ${bytes.slice(0, 300)}`);
    await fetch(`${bareUrl}/__set`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: s.method, path: s.path, body: bytes }) });
    await measure(`${serviceUrl}${s.path}`, s, WARMUP_S);
    if (s.compareWithBare) await measure(`${bareUrl}${s.path}`, s, WARMUP_S);
    // Alternate service and bare runs and keep the median round of each: single runs on a small
    // machine vary by ±20 %.
    const svcRuns: Measured[] = [];
    const bareRuns: Measured[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      svcRuns.push(await measure(`${serviceUrl}${s.path}`, s, DURATION_S));
      if (s.compareWithBare) bareRuns.push(await measure(`${bareUrl}${s.path}`, s, DURATION_S));
    }
    const svc = median(svcRuns);
    const bareResult = s.compareWithBare ? median(bareRuns) : undefined;
    const throughputRatio = bareResult ? round(svc.rps / bareResult.rps) : undefined;
    const p99Ratio = bareResult ? round(svc.p99 / Math.max(bareResult.p99, 1)) : undefined;
    const checks: string[] = [];
    let met = true;
    if (s.minThroughputRatio !== undefined) {
      const ok = (throughputRatio ?? 0) >= s.minThroughputRatio;
      met &&= ok;
      checks.push(`throughput ≥ ${s.minThroughputRatio}× bare: ${ok ? 'met' : 'MISSED'}`);
    }
    if (s.maxP99Ratio !== undefined) {
      const ok = (p99Ratio ?? Infinity) <= s.maxP99Ratio;
      met &&= ok;
      checks.push(`p99 ≤ ${s.maxP99Ratio}× bare: ${ok ? 'met' : 'MISSED'}`);
    }
    if (s.maxP50Ms !== undefined) {
      const ok = svc.p50 <= s.maxP50Ms;
      met &&= ok;
      checks.push(`p50 ≤ ${s.maxP50Ms} ms: ${ok ? 'met' : 'MISSED'}`);
    }
    const rssAfterMiB = peakRss(service.child.pid!);
    results.push({ scenario: s.name, peakRssAfterMiB: rssAfterMiB, responseBytes: Buffer.byteLength(bytes), requestBytes: s.body ? Buffer.byteLength(s.body) : 0, service: svc, ...(bareResult ? { bare: bareResult } : {}), throughputRatio, p99Ratio, targets: checks, met });
    printRow(s.name, svc, bareResult, throughputRatio, p99Ratio, checks);
    process.stdout.write(`  memory  service peak RSS so far ${rssAfterMiB ?? '?'} MiB\n`);
  }

  const peakRssMiB = peakRss(service.child.pid!);
  const rssOk = peakRssMiB !== undefined && peakRssMiB <= 256;
  process.stdout.write(`\nservice peak RSS: ${peakRssMiB ?? '?'} MiB (target ≤ 256 MiB: ${rssOk ? 'met' : 'MISSED'})\n`);

  for (const p of [service, bare, fhir]) p.child.kill('SIGTERM');
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), freeMemoryGiB: Math.round(freemem() / 2 ** 30), os: `${osType()} ${release()}`, node: process.version },
    settings: { serviceNodeFlags: SERVICE_NODE_FLAGS, logLevel: process.env.BENCH_LOG_LEVEL ?? 'info', connections: CONNECTIONS, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S, rounds: ROUNDS, cpuPinning: PINNING, fhirDelayMs: FHIR_DELAY_MS },
    scenarios: results,
    peakRssMiB,
    peakRssMet: rssOk,
  };
  mkdirSync(projectPath('bench'), { recursive: true });
  writeFileSync(projectPath('bench', 'results.json'), JSON.stringify(report, null, 2) + '\n');
  process.stdout.write('results written to bench/results.json\n');
}

function printRow(name: string, svc: Measured, bare: Measured | undefined, tr?: number, pr?: number, checks: string[] = []): void {
  const fmt = (m: Measured) => `${String(m.rps).padStart(6)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(4)} ms${m.errors || m.non2xx ? `  (errors ${m.errors}, non-2xx ${m.non2xx})` : ''}`;
  process.stdout.write(`\n${name}\n  service ${fmt(svc)}\n`);
  if (bare) process.stdout.write(`  bare    ${fmt(bare)}\n  ratio   throughput ${tr}×, p99 ${pr}×\n`);
  for (const c of checks) process.stdout.write(`  target  ${c}\n`);
}

function peakRss(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The run with the median throughput (its latencies come with it). */
function median(runs: Measured[]): Measured {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
}

run().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).message}\n`);
  process.exit(1);
});
