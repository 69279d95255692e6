/** Card log, feedback, report and metrics through the HTTP service (issue #7). */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadTemplates } from '../../src/cards/templates.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { CardLogEntry, FeedbackStore, FeedbackWriteResult, RuleReport } from '../../src/store/types.js';
import * as F from '../fixtures/fhir.js';
import { FIXED_NOW, orderRequest, testConfig } from '../fixtures/hooks.js';
import { expectCards, expectErrorCode } from '../support/assertions.js';

const templates = loadTemplates();
const CHART = [F.patient({ birthDate: '1960-01-01', gender: 'male' }), F.ileumNet(), F.liverMets(), F.ki67(4, '2026-01-01'), F.crcl(40, '2026-11-20')];
const ORDER = F.medicationRequest(F.LUTATHERA, { id: 'lu-1', status: 'draft', plannedDate: '2026-12-10', dose: F.qty(7.4, 'GBq') });
const settle = () => new Promise((r) => setTimeout(r, 120));

function appWith(store: FeedbackStore, metrics = new Metrics()) {
  const config = testConfig({ PATIENT_HASH_KEY: 'hash-key-for-the-tests' });
  return { app: createApp({ config, logger: createLogger('silent'), templates, now: FIXED_NOW, store, metrics }), metrics };
}

describe('feedback over HTTP with the SQLite store', () => {
  test('issued cards are logged; feedback traces back to its rule; the report and metrics show it', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'netcds-fb-')), 'netcds.sqlite'));
    await store.migrate();
    const { app } = appWith(store);
    const cards = expectCards(await request(app).post('/cds-services/netcds-order-sign').send(orderRequest('order-sign', CHART, [ORDER])));
    await settle();
    const kidney = cards.find((c) => c.extension['org.netcds'].ruleId === 'prrt.kidney')!;
    const logged = store.rows('card_log');
    expect(logged.map((r) => r.rule_id).sort()).toEqual(cards.map((c) => c.extension['org.netcds'].ruleId).sort());
    expect(JSON.stringify(logged)).not.toContain(F.PATIENT_ID);

    const feedback = {
      feedback: [
        { card: (kidney as unknown as { uuid: string }).uuid, outcome: 'overridden', overrideReason: { reason: kidney.overrideReasons![0], userComment: 'tumour board 2026-11-25' }, outcomeTimestamp: '2026-11-27T12:01:00Z' },
        { card: '00000000-0000-4000-8000-000000000000', outcome: 'accepted', acceptedSuggestions: [{ id: '11111111-1111-4111-8111-111111111111' }], outcomeTimestamp: '2026-11-27T12:02:00Z' },
      ],
    };
    const first = await request(app).post('/cds-services/netcds-order-sign/feedback').send(feedback);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 2, stored: 2, duplicates: 0, unknownCards: 1 });
    const again = await request(app).post('/cds-services/netcds-order-sign/feedback').send(feedback);
    expect(again.body).toEqual({ received: 2, stored: 0, duplicates: 2, unknownCards: 0 });

    const report = await request(app).get('/admin/report?from=2026-11-27&to=2026-11-27');
    expect(report.status).toBe(200);
    const kidneyRow = (report.body.rules as RuleReport[]).find((r) => r.ruleId === 'prrt.kidney');
    expect(kidneyRow).toEqual({ ruleId: 'prrt.kidney', issued: 1, accepted: 0, overridden: 1, overrideRate: 1, topOverrideReasons: [{ code: 'tumour-board', display: 'Tumour board decision', count: 1 }] });
    expect((report.body.rules as RuleReport[]).find((r) => r.ruleId === '(unknown card)')).toEqual(expect.objectContaining({ accepted: 1 }));

    const metrics = await request(app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/netcds_cards_total\{rule_id="prrt.kidney",indicator="critical"\} 1/);
    expect(metrics.text).toMatch(/netcds_feedback_writes_total 2/);
    expect(metrics.text).toMatch(/netcds_http_requests_total\{route="\/cds-services\/:id",service="netcds-order-sign",status="200"\} 1/);
    expect(metrics.text).toMatch(/netcds_http_request_duration_seconds_bucket/);
    await store.close();
  });

  test('a report range that is not a date → 400', async () => {
    const store = new SqliteStore(':memory:');
    await store.migrate();
    expectErrorCode(await request(appWith(store).app).get('/admin/report?from=yesterday'), 400, 'INVALID_HOOK_REQUEST');
    // Shaped like a date but not one: must not reach the date arithmetic of the range.
    expectErrorCode(await request(appWith(store).app).get('/admin/report?to=2026-13-01'), 400, 'INVALID_HOOK_REQUEST');
    expectErrorCode(await request(appWith(store).app).get('/admin/report?from=2026-02-30'), 400, 'INVALID_HOOK_REQUEST');
  });
});

/** A store whose writes fail, to show that failures never reach the hook response. */
class BrokenStore implements FeedbackStore {
  readonly kind = 'sqlite' as const;
  async migrate() {
    return 0;
  }
  async recordCards(_entries: CardLogEntry[]): Promise<void> {
    throw new Error('disk full');
  }
  async recordFeedback(): Promise<FeedbackWriteResult> {
    throw new Error('disk full');
  }
  async report(): Promise<RuleReport[]> {
    return [];
  }
  async close() {}
}

describe('store failures', () => {
  test('a failed card-log write does not fail the hook response; it is counted', async () => {
    const { app } = appWith(new BrokenStore());
    expectCards(await request(app).post('/cds-services/netcds-order-sign').send(orderRequest('order-sign', CHART, [ORDER])));
    await settle();
    expect((await request(app).get('/metrics')).text).toMatch(/netcds_card_log_write_failures_total [1-9]/);
  });

  test('a failed feedback write is not acknowledged: 503, so the client can retry', async () => {
    const { app } = appWith(new BrokenStore());
    const res = await request(app).post('/cds-services/netcds-order-sign/feedback').send({ feedback: [{ card: 'c-1', outcome: 'accepted', outcomeTimestamp: '2026-11-27T12:00:00Z' }] });
    expectErrorCode(res, 503, 'STORE_UNAVAILABLE');
    expect((await request(app).get('/metrics')).text).toMatch(/netcds_feedback_write_failures_total 1/);
  });
});
