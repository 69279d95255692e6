/**
 * Durability (issue #7): the service runs as a child process (the README/Docker start command),
 * acknowledges feedback, is killed with SIGKILL, and restarts: every acknowledged entry is there,
 * with both stores.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { startServer } from '../support/server-process.js';

async function postFeedback(baseUrl: string, count: number): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const card = randomUUID();
    const res = await fetch(`${baseUrl}/cds-services/netcds-order-sign/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feedback: [{ card, outcome: 'overridden', overrideReason: { reason: { system: 'https://netcds.org/fhir/CodeSystem/override-reason', code: 'tumour-board', display: 'Tumour board decision' } }, outcomeTimestamp: '2026-11-27T12:00:00Z' }] }),
    });
    if (res.status === 200) acknowledged.push(card);
  }
  return acknowledged;
}

async function killAndRestart(env: Record<string, string>, count: number): Promise<string[]> {
  const first = await startServer(env);
  const acknowledged = await postFeedback(first.baseUrl, count);
  expect(acknowledged).toHaveLength(count);
  expect(await first.stop('SIGKILL')).toBeNull();
  const second = await startServer(env);
  await second.stop('SIGTERM');
  return acknowledged;
}

describe('durability after SIGKILL', () => {
  test('SQLite: every acknowledged feedback entry survives', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'netcds-durable-')), 'netcds.sqlite');
    const acknowledged = await killAndRestart({ FEEDBACK_DB_PATH: path }, 25);
    const store = new SqliteStore(path);
    const stored = new Set(store.rows('feedback').map((r) => String(r.card_uuid)));
    await store.close();
    expect(acknowledged.filter((c) => !stored.has(c))).toEqual([]);
  });

  describe('PostgreSQL', () => {
    let pg: TestPostgres;
    beforeAll(async () => {
      pg = await startPostgres();
    }, 60_000);
    afterAll(async () => {
      await pg?.stop();
    });

    test('every acknowledged feedback entry survives', async () => {
      const acknowledged = await killAndRestart({ DATABASE_URL: pg.url }, 25);
      const store = new PostgresStore(pg.url);
      const stored = new Set((await store.rows('feedback')).map((r) => String(r.card_uuid)));
      await store.close();
      expect(acknowledged.filter((c) => !stored.has(c))).toEqual([]);
    });
  });
});
