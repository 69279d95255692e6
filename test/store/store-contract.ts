/**
 * The behaviour every store must have (issue #7), run against a real SQLite file and a real
 * PostgreSQL server: migrations from empty, idempotent feedback, unknown cards flagged, the
 * report's numbers, and no patient identifier in any stored row.
 */
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FeedbackEntry } from '../../src/hooks/feedback-schema.js';
import { patientHash } from '../../src/store/feedback-rows.js';
import type { CardLogEntry, FeedbackStore } from '../../src/store/types.js';

export type TestStore = FeedbackStore & { rows(table: 'card_log' | 'feedback'): Array<Record<string, unknown>> | Promise<Array<Record<string, unknown>>> };

const PATIENT_ID = 'patient-8f3e21';
const HASH_KEY = 'a-test-key-of-some-length';
const SYSTEM = 'https://netcds.org/fhir/CodeSystem/override-reason';

function card(ruleId: string, indicator: string, issuedAt: string): CardLogEntry {
  return { cardUuid: randomUUID(), ruleId, serviceId: 'netcds-order-sign', hook: 'order-sign', hookInstance: randomUUID(), indicator, issuedAt, patientHash: patientHash(PATIENT_ID, HASH_KEY) };
}

const accepted = (c: string, at = '2026-11-20T10:00:00Z'): FeedbackEntry => ({ card: c, outcome: 'accepted', acceptedSuggestions: [], outcomeTimestamp: at });
const overridden = (c: string, code: string, display: string, at = '2026-11-20T10:00:00Z'): FeedbackEntry => ({
  card: c,
  outcome: 'overridden',
  acceptedSuggestions: [],
  overrideReason: { system: SYSTEM, code, display },
  userComment: 'discussed at MDT',
  outcomeTimestamp: at,
});

/** `openEmpty` returns a store on a fresh, empty database (not yet migrated). */
export function storeContract(name: string, openEmpty: () => Promise<TestStore>): void {
  const open = async () => {
    const store = await openEmpty();
    await store.migrate();
    return store;
  };
  describe(`${name} store`, () => {
    test('migrations run from empty, once', async () => {
      const store = await openEmpty();
      try {
        expect(await store.migrate()).toBe(1);
        expect(await store.migrate()).toBe(0);
        expect(await store.rows('card_log')).toEqual([]);
        expect(await store.rows('feedback')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    test('the same feedback entry posted twice is stored once', async () => {
      const store = await open();
      try {
        const c = card('prrt.kidney', 'critical', '2026-11-20T09:00:00.000Z');
        await store.recordCards([c]);
        const entry = overridden(c.cardUuid, 'tumour-board', 'Tumour board decision');
        expect(await store.recordFeedback('netcds-order-sign', [entry], '2026-11-20T10:00:01Z')).toEqual({ stored: 1, duplicates: 0, unknownCards: 0 });
        expect(await store.recordFeedback('netcds-order-sign', [entry], '2026-11-20T10:00:05Z')).toEqual({ stored: 0, duplicates: 1, unknownCards: 0 });
        expect((await store.rows('feedback')).filter((r) => r.card_uuid === c.cardUuid)).toHaveLength(1);
      } finally {
        await store.close();
      }
    });

    test('feedback for an unknown card is stored and flagged, not rejected', async () => {
      const store = await open();
      try {
        const uuid = randomUUID();
        expect(await store.recordFeedback('netcds-order-sign', [accepted(uuid)], '2026-11-20T10:00:01Z')).toEqual({ stored: 1, duplicates: 0, unknownCards: 1 });
        const row = (await store.rows('feedback')).find((r) => r.card_uuid === uuid)!;
        expect(Number(row.unknown_card)).toBe(1);
      } finally {
        await store.close();
      }
    });

    test('report: issued, accepted, overridden, override rate and top reasons per rule over a date range', async () => {
      const store = await open();
      try {
        const day = '2025-03-10';
        const kidney = [1, 2, 3, 4].map(() => card('prrt.kidney', 'critical', `${day}T09:00:00.000Z`));
        const washout = [1, 2].map(() => card('prrt.ssa-washout', 'warning', `${day}T09:00:00.000Z`));
        const outside = card('prrt.kidney', 'critical', '2025-04-01T09:00:00.000Z');
        await store.recordCards([...kidney, ...washout, outside]);
        await store.recordFeedback(
          'netcds-order-sign',
          [
            overridden(kidney[0]!.cardUuid, 'tumour-board', 'Tumour board decision'),
            overridden(kidney[1]!.cardUuid, 'tumour-board', 'Tumour board decision'),
            overridden(kidney[2]!.cardUuid, 'data-outdated', 'Data in record is outdated or incomplete'),
            accepted(kidney[3]!.cardUuid),
            accepted(washout[0]!.cardUuid),
            overridden(outside.cardUuid, 'not-applicable', 'Does not apply to this patient'),
          ],
          '2025-03-10T10:00:00Z',
        );
        const report = await store.report({ from: day, to: day });
        expect(report).toEqual([
          {
            ruleId: 'prrt.kidney',
            issued: 4,
            accepted: 1,
            overridden: 3,
            overrideRate: 0.75,
            topOverrideReasons: [
              { code: 'tumour-board', display: 'Tumour board decision', count: 2 },
              { code: 'data-outdated', display: 'Data in record is outdated or incomplete', count: 1 },
            ],
          },
          { ruleId: 'prrt.ssa-washout', issued: 2, accepted: 1, overridden: 0, overrideRate: 0, topOverrideReasons: [] },
        ]);
      } finally {
        await store.close();
      }
    });

    test('no stored row holds the patient id', async () => {
      const store = await open();
      try {
        const c = card('prrt.age', 'info', '2026-11-20T09:00:00.000Z');
        await store.recordCards([c]);
        await store.recordFeedback('netcds-order-sign', [accepted(c.cardUuid)], '2026-11-20T10:00:01Z');
        const all = JSON.stringify([...(await store.rows('card_log')), ...(await store.rows('feedback'))]);
        expect(all).not.toContain(PATIENT_ID);
        expect(all).toContain(patientHash(PATIENT_ID, HASH_KEY)!);
      } finally {
        await store.close();
      }
    });
  });
}
