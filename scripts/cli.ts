/**
 * The offline evaluator, for data teams checking their mappings:
 *
 *   npx netcds evaluate <bundle.json> --hook patient-view|order-select|order-sign
 *                       [--order <file>] [--date YYYY-MM-DD] [--facts] [--json]
 *
 * Reads a FHIR Bundle (a chart; a demo-patient file is accepted too), runs the same mapping, rules
 * and card builder as the service — no HTTP, no FHIR server — and prints the cards as text, or as
 * the service's JSON answer with --json. `--order` names a MedicationRequest/ServiceRequest (or a
 * Bundle of them) to check; `--facts` also prints the key facts the service read.
 */
import { readFileSync } from 'node:fs';
import { loadTemplates } from '../src/cards/templates.js';
import type { Card, HookName } from '../src/cds-types.js';
import { DEFAULT_CLINICAL_CONFIG } from '../src/config.js';
import { keyFacts } from '../src/demo/key-facts.js';
import { ServiceError } from '../src/errors.js';
import { isoDateOf, isValidIsoDate } from '../src/fhir-mapping/dates.js';
import { asArray, isObject, type Json } from '../src/fhir-mapping/fhir-access.js';
import { mapFacts } from '../src/fhir-mapping/map-facts.js';
import { parseHookRequest } from '../src/hooks/request-schema.js';
import { decide } from '../src/hooks/services.js';

const USAGE = `usage: netcds evaluate <bundle.json> --hook patient-view|order-select|order-sign [--order <file>] [--date YYYY-MM-DD] [--facts] [--json]`;

interface Args {
  file: string;
  hook: HookName;
  order?: string;
  date?: string;
  json: boolean;
  facts: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, file, ...rest] = argv;
  if (command !== 'evaluate' || !file) throw new Error(USAGE);
  const args: Partial<Args> = { file, json: false, facts: false };
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--hook') {
      const hook = value();
      if (hook !== 'patient-view' && hook !== 'order-select' && hook !== 'order-sign') throw new Error(`--hook must be patient-view, order-select or order-sign\n${USAGE}`);
      args.hook = hook;
    } else if (flag === '--order') args.order = value();
    else if (flag === '--date') {
      const date = value();
      if (!isValidIsoDate(date)) throw new Error('--date must be a date YYYY-MM-DD');
      args.date = date;
    } else if (flag === '--json') args.json = true;
    else if (flag === '--facts') args.facts = true;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return { hook: 'patient-view', ...args } as Args;
}

function readJson(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read ${path}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) throw new Error();
    return value;
  } catch {
    throw new Error(`${path} is not a JSON object`);
  }
}

/** The resources of a Bundle, a demo-patient file ({bundle, draftOrders}) or a single resource. */
function resourcesOf(json: Json): Json[] {
  const bundle = json.resourceType === 'Bundle' ? json : isObject(json.bundle) ? json.bundle : undefined;
  if (bundle) return asArray(bundle.entry).map((e) => (isObject(e) ? e.resource : undefined)).filter(isObject);
  if (typeof json.resourceType === 'string') return [json];
  throw new Error('expected a FHIR Bundle or resource');
}

function evaluate(args: Args): { cards: Card[]; text: string } {
  const input = readJson(args.file);
  const resources = resourcesOf(input);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient || typeof patient.id !== 'string') throw new Error(`${args.file} has no Patient with an id`);
  const orderSource = args.order ? readJson(args.order) : isObject(input.draftOrders) ? input.draftOrders : undefined;
  const orders = args.hook === 'patient-view' ? [] : orderSource ? resourcesOf(orderSource) : [];
  if (args.hook !== 'patient-view' && orders.length === 0) throw new Error(`${args.hook} needs an order: --order <file>`);

  const request = parseHookRequest(
    {
      hook: args.hook,
      hookInstance: 'offline-evaluation',
      context: {
        userId: 'Practitioner/offline-evaluator',
        patientId: patient.id,
        ...(args.hook === 'patient-view'
          ? {}
          : {
              draftOrders: { resourceType: 'Bundle', type: 'collection', entry: orders.map((resource) => ({ resource })) },
              ...(args.hook === 'order-select' ? { selections: orders.map((o) => `${String(o.resourceType)}/${String(o.id)}`) } : {}),
            }),
      },
    },
    args.hook,
  );
  const today = args.date ?? isoDateOf(new Date());
  const chart = { patient, resources: resources.filter((r) => r !== patient), unavailable: new Set<never>() };
  const { cards } = decide({ request, chart, today, clinical: DEFAULT_CLINICAL_CONFIG, templates: loadTemplates(), publicBaseUrl: 'http://127.0.0.1:3000' });

  const lines = [`netcds ${args.hook} for Patient/${patient.id}, judged on ${today}: ${cards.length} card${cards.length === 1 ? '' : 's'}`];
  if (args.facts) {
    lines.push('', 'Key facts read from the chart:');
    for (const f of keyFacts(mapFacts(chart, today, DEFAULT_CLINICAL_CONFIG))) lines.push(`  ${f.name.padEnd(20)} ${f.value}`);
  }
  for (const card of cards) {
    lines.push('', `[${card.indicator.toUpperCase()}] ${card.extension['org.netcds'].ruleId} — ${card.summary}`);
    for (const line of (card.detail ?? '').replace(/\*\*/g, '').split('\n')) lines.push(`    ${line}`.trimEnd());
    for (const s of card.suggestions ?? []) lines.push(`    → suggestion: ${s.label}`);
    for (const l of card.links ?? []) lines.push(`    → link: ${l.label} <${l.url}>`);
  }
  return { cards, text: lines.join('\n') + '\n' };
}

function main(): void {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  try {
    const { cards, text } = evaluate(args);
    process.stdout.write(args.json ? `${JSON.stringify({ cards }, null, 2)}\n` : text);
  } catch (err) {
    const message = err instanceof ServiceError && err.issues.length ? err.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : (err as Error).message;
    process.stderr.write(`netcds evaluate: ${message}\n`);
    process.exit(1);
  }
}

main();
