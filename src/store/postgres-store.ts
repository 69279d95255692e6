/**
 * The scale-out store: PostgreSQL via `pg` (DATABASE_URL), the same schema and behaviour as
 * SQLite, so several replicas behind a load balancer share one card log and feedback table.
 */
import pg from 'pg';
import type { FeedbackEntry } from '../hooks/feedback-schema.js';
import { assembleReport, feedbackRow, INSERT_FEEDBACK_SQL, rangeBounds, tallyFeedback, REPORT_COUNTS_SQL, REPORT_REASONS_SQL, REPORT_UNKNOWN_SQL } from './feedback-rows.js';
import { loadMigrations, MIGRATIONS_TABLE } from './migrations.js';
import type { CardLogEntry, FeedbackStore, FeedbackWriteResult, ReportRange, RuleReport } from './types.js';

/** `?` placeholders (shared SQL) → `$1, $2 …`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export class PostgresStore implements FeedbackStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
    // An idle client error (e.g. the server restarted) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async migrate(): Promise<number> {
    const client = await this.pool.connect();
    try {
      // One migrator at a time across replicas.
      await client.query('SELECT pg_advisory_lock(7342001)');
      await client.query(MIGRATIONS_TABLE);
      const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
      let count = 0;
      for (const m of loadMigrations()) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        count += 1;
      }
      return count;
    } finally {
      await client.query('SELECT pg_advisory_unlock(7342001)').catch(() => undefined);
      client.release();
    }
  }

  async recordCards(entries: CardLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const values: unknown[] = [];
    const rows = entries.map((e, i) => {
      values.push(e.cardUuid, e.ruleId, e.serviceId, e.hook, e.hookInstance, e.indicator, e.issuedAt, e.patientHash ?? null);
      const b = i * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
    });
    await this.pool.query(
      `INSERT INTO card_log (card_uuid, rule_id, service_id, hook, hook_instance, indicator, issued_at, patient_hash) VALUES ${rows.join(', ')} ON CONFLICT (card_uuid) DO NOTHING`,
      values,
    );
  }

  async recordFeedback(serviceId: string, entries: FeedbackEntry[], receivedAt: string): Promise<FeedbackWriteResult> {
    const client = await this.pool.connect();
    const result: FeedbackWriteResult = { stored: 0, duplicates: 0, unknownCards: 0 };
    try {
      await client.query('BEGIN');
      for (const e of entries) {
        const known = await client.query('SELECT 1 FROM card_log WHERE card_uuid = $1', [e.card]);
        const unknown = known.rowCount === 0;
        const inserted = await client.query(numbered(INSERT_FEEDBACK_SQL), feedbackRow(serviceId, e, receivedAt, unknown));
        tallyFeedback(result, inserted.rowCount !== 0, unknown);
      }
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async report(range: ReportRange): Promise<RuleReport[]> {
    const bounds = rangeBounds(range.from, range.to);
    const [counts, reasons, unknown] = await Promise.all([
      this.pool.query(numbered(REPORT_COUNTS_SQL), bounds),
      this.pool.query(numbered(REPORT_REASONS_SQL), bounds),
      this.pool.query(numbered(REPORT_UNKNOWN_SQL), bounds),
    ]);
    return assembleReport(counts.rows, reasons.rows, unknown.rows[0]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async rows(table: 'card_log' | 'feedback'): Promise<Array<Record<string, unknown>>> {
    return (await this.pool.query(`SELECT * FROM ${table}`)).rows;
  }
}
