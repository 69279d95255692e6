/** The offline evaluator (`npx netcds evaluate`) on the demo bundles (issue #9). */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/project-root.js';

const DEMO = projectPath('demo', 'patients');
const run = (...args: string[]) => spawnSync(process.execPath, [projectPath('bin', 'netcds.js'), ...args], { encoding: 'utf8' });
const expectedFor = (id: string) => (JSON.parse(readFileSync(projectPath('test', 'vignettes', `${id}.json`), 'utf8')) as { expected: Array<{ ruleId: string }> }).expected.map((e) => e.ruleId);

describe('netcds evaluate', () => {
  test.each(readdirSync(DEMO).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')))('%s: the cards its vignette expects', (id) => {
    const file = JSON.parse(readFileSync(join(DEMO, `${id}.json`), 'utf8')) as { hook: string };
    const result = run('evaluate', join(DEMO, `${id}.json`), '--hook', file.hook, '--date', '2026-11-27', '--json');
    expect(result.status).toBe(0);
    const { cards } = JSON.parse(result.stdout) as { cards: Array<{ extension: { 'org.netcds': { ruleId: string } } }> };
    expect(cards.map((c) => c.extension['org.netcds'].ruleId)).toEqual(expectedFor(id));
  });

  test('readable text with the key facts', () => {
    const result = run('evaluate', join(DEMO, 'lu177-ineligible.json'), '--hook', 'order-sign', '--date', '2026-11-27', '--facts');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^netcds order-sign for Patient\/lu177-ineligible, judged on 2026-11-27: 4 cards/);
    expect(result.stdout).toMatch(/Kidney\s+38 mL\/min on 2026-11-20/);
    expect(result.stdout).toMatch(/\[CRITICAL\] prrt\.kidney — Lu-177 dotatate: creatinine clearance 38 mL\/min/);
    expect(result.stdout).toMatch(/Planned date not stated: today assumed \(2026-11-27\)/);
  });

  test('--order with a plain FHIR Bundle chart and a separate order file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netcds-cli-'));
    const demo = JSON.parse(readFileSync(join(DEMO, 'ssa-first-line.json'), 'utf8')) as { bundle: unknown };
    writeFileSync(join(dir, 'chart.json'), JSON.stringify(demo.bundle));
    const order = { resourceType: 'MedicationRequest', id: 'cape', status: 'draft', intent: 'order', subject: { reference: 'Patient/ssa-first-line' }, medicationCodeableConcept: { text: 'capecitabine 500 mg' } };
    writeFileSync(join(dir, 'order.json'), JSON.stringify(order));
    const result = run('evaluate', join(dir, 'chart.json'), '--hook', 'order-select', '--order', join(dir, 'order.json'), '--date', '2026-11-27');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\[WARNING\] order\.chemotherapy/);
  });

  test('bad input: a clear message and a non-zero exit', () => {
    expect(run('evaluate', '/nonexistent.json', '--hook', 'patient-view').stderr).toMatch(/cannot read \/nonexistent\.json/);
    expect(run('evaluate', join(DEMO, 'no-net.json'), '--hook', 'order-sign').stderr).toMatch(/order-sign needs an order/);
    const usage = run('evaluate');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: netcds evaluate/);
  });
});
