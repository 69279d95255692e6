/** `npm run report` (dist/scripts/report.js): a readable table and --json, from the configured store. */
import { describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/project-root.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

async function seeded(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'netcds-report-')), 'netcds.sqlite');
  const store = new SqliteStore(path);
  await store.migrate();
  const cards = ['a', 'b'].map(() => ({ cardUuid: randomUUID(), ruleId: 'prrt.marrow', serviceId: 'netcds-order-sign', hook: 'order-sign', hookInstance: randomUUID(), indicator: 'critical', issuedAt: '2026-11-02T08:00:00.000Z' }));
  await store.recordCards(cards);
  await store.recordFeedback('netcds-order-sign', [{ card: cards[0]!.cardUuid, outcome: 'overridden', acceptedSuggestions: [], overrideReason: { system: 'https://netcds.org/fhir/CodeSystem/override-reason', code: 'benefit-outweighs-risk', display: 'Benefit outweighs risk' }, outcomeTimestamp: '2026-11-02T09:00:00Z' }], '2026-11-02T09:00:01Z');
  await store.close();
  return path;
}

const run = (path: string, ...args: string[]) =>
  execFileSync(process.execPath, [projectPath('dist', 'scripts', 'report.js'), ...args], { env: { PATH: process.env.PATH ?? '', FEEDBACK_DB_PATH: path }, encoding: 'utf8' });

describe('report command', () => {
  test('--json prints the rules with their numbers', async () => {
    const out = JSON.parse(run(await seeded(), '--from', '2026-11-01', '--to', '2026-11-30', '--json'));
    expect(out).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      rules: [{ ruleId: 'prrt.marrow', issued: 2, accepted: 0, overridden: 1, overrideRate: 0.5, topOverrideReasons: [{ code: 'benefit-outweighs-risk', display: 'Benefit outweighs risk', count: 1 }] }],
    });
  });

  test('a readable table by default', async () => {
    const out = run(await seeded());
    expect(out).toMatch(/rule id\s+issued\s+accepted\s+overridden\s+override rate\s+top override reasons/);
    expect(out).toMatch(/prrt\.marrow\s+2\s+0\s+1\s+50\.0 %\s+Benefit outweighs risk \(1\)/);
  });

  test('an empty range says so', async () => {
    expect(run(await seeded(), '--from', '2020-01-01', '--to', '2020-01-31')).toMatch(/no cards issued in this range/);
  });

  test('a date that does not exist is refused with exit code 2 and a message', async () => {
    const r = spawnSync(process.execPath, [projectPath('dist', 'scripts', 'report.js'), '--to', '2026-02-30'], { env: { PATH: process.env.PATH ?? '', FEEDBACK_DB_PATH: await seeded() }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--to needs a date YYYY-MM-DD');
  });
});
