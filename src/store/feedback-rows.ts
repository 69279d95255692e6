/** How feedback entries become rows, and how report rows become per-rule numbers (shared by both stores). */
import { createHash, createHmac } from 'node:crypto';
import type { FeedbackEntry } from '../hooks/feedback-schema.js';
import type { FeedbackWriteResult, RuleReport } from './types.js';

/** A digest of everything an entry says: the same entry posted twice has the same hash. */
export function entryHash(serviceId: string, e: FeedbackEntry): string {
  const canonical = JSON.stringify([
    serviceId,
    e.card,
    e.outcome,
    e.outcomeTimestamp,
    [...e.acceptedSuggestions].sort(),
    e.overrideReason?.system ?? '',
    e.overrideReason?.code ?? '',
    e.userComment ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The feedback insert both stores run (`?` placeholders); a re-sent entry hits the hash and is skipped. */
export const INSERT_FEEDBACK_SQL = `
  INSERT INTO feedback (entry_hash, card_uuid, service_id, outcome, accepted_suggestions, override_system, override_code, override_display, user_comment, outcome_timestamp, received_at, unknown_card)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_hash) DO NOTHING`;

/** INSERT_FEEDBACK_SQL's parameters for one entry. */
export function feedbackRow(serviceId: string, e: FeedbackEntry, receivedAt: string, unknownCard: boolean): Array<string | number | null> {
  return [
    entryHash(serviceId, e),
    e.card,
    serviceId,
    e.outcome,
    JSON.stringify(e.acceptedSuggestions),
    e.overrideReason?.system ?? null,
    e.overrideReason?.code ?? null,
    e.overrideReason?.display ?? null,
    e.userComment ?? null,
    e.outcomeTimestamp,
    receivedAt,
    unknownCard ? 1 : 0,
  ];
}

/** Counts one insert's outcome into the answer the feedback endpoint returns. */
export function tallyFeedback(result: FeedbackWriteResult, inserted: boolean, unknownCard: boolean): void {
  if (!inserted) result.duplicates += 1;
  else {
    result.stored += 1;
    if (unknownCard) result.unknownCards += 1;
  }
}

export function patientHash(patientId: string, key: string | undefined): string | undefined {
  return key ? createHmac('sha256', key).update(patientId).digest('hex') : undefined;
}

/** The SQL both stores run for the report: per rule, cards issued and distinct cards accepted/overridden. */
export const REPORT_COUNTS_SQL = `
  SELECT c.rule_id AS rule_id,
         COUNT(DISTINCT c.card_uuid) AS issued,
         COUNT(DISTINCT CASE WHEN f.outcome = 'accepted' THEN c.card_uuid END) AS accepted,
         COUNT(DISTINCT CASE WHEN f.outcome = 'overridden' THEN c.card_uuid END) AS overridden
    FROM card_log c LEFT JOIN feedback f ON f.card_uuid = c.card_uuid
   WHERE c.issued_at >= ? AND c.issued_at < ?
   GROUP BY c.rule_id
   ORDER BY c.rule_id`;

export const REPORT_REASONS_SQL = `
  SELECT c.rule_id AS rule_id, f.override_code AS code, MAX(f.override_display) AS display, COUNT(*) AS n
    FROM feedback f JOIN card_log c ON c.card_uuid = f.card_uuid
   WHERE f.outcome = 'overridden' AND f.override_code IS NOT NULL AND c.issued_at >= ? AND c.issued_at < ?
   GROUP BY c.rule_id, f.override_code
   ORDER BY c.rule_id, n DESC, f.override_code`;

/** Feedback for cards the log does not know (e.g. issued before the store existed). */
export const REPORT_UNKNOWN_SQL = `
  SELECT COUNT(DISTINCT CASE WHEN outcome = 'accepted' THEN card_uuid END) AS accepted,
         COUNT(DISTINCT CASE WHEN outcome = 'overridden' THEN card_uuid END) AS overridden
    FROM feedback WHERE unknown_card = 1 AND received_at >= ? AND received_at < ?`;

export const UNKNOWN_RULE = '(unknown card)';

export function rangeBounds(from?: string, to?: string): [string, string] {
  const lower = from ? `${from}T00:00:00.000Z` : '0000';
  const upper = to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString() : '9999';
  return [lower, upper];
}

export function assembleReport(
  counts: Array<{ rule_id: string; issued: number | string; accepted: number | string; overridden: number | string }>,
  reasons: Array<{ rule_id: string; code: string; display: string | null; n: number | string }>,
  unknown: { accepted: number | string; overridden: number | string } | undefined,
): RuleReport[] {
  const report: RuleReport[] = counts.map((c) => {
    const issued = Number(c.issued);
    const overridden = Number(c.overridden);
    return {
      ruleId: c.rule_id,
      issued,
      accepted: Number(c.accepted),
      overridden,
      overrideRate: issued > 0 ? Math.round((overridden / issued) * 1000) / 1000 : null,
      topOverrideReasons: reasons
        .filter((r) => r.rule_id === c.rule_id)
        .slice(0, 3)
        .map((r) => ({ code: r.code, ...(r.display ? { display: r.display } : {}), count: Number(r.n) })),
    };
  });
  if (unknown && (Number(unknown.accepted) > 0 || Number(unknown.overridden) > 0)) {
    report.push({ ruleId: UNKNOWN_RULE, issued: 0, accepted: Number(unknown.accepted), overridden: Number(unknown.overridden), overrideRate: null, topOverrideReasons: [] });
  }
  return report;
}
