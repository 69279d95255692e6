/**
 * The embedded store: one SQLite file (better-sqlite3 12), WAL journal, created on first use.
 * `synchronous=NORMAL` in WAL mode: a committed write survives a crash or kill of the process
 * (it is in the OS), only an OS crash or power loss can drop the last commits.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackEntry } from '../hooks/feedback-schema.js';
import { assembleReport, feedbackRow, INSERT_FEEDBACK_SQL, rangeBounds, tallyFeedback, REPORT_COUNTS_SQL, REPORT_REASONS_SQL, REPORT_UNKNOWN_SQL } from './feedback-rows.js';
import { loadMigrations, MIGRATIONS_TABLE } from './migrations.js';
import type { CardLogEntry, FeedbackStore, FeedbackWriteResult, ReportRange, RuleReport } from './types.js';

export class SqliteStore implements FeedbackStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<number> {
    this.db.exec(MIGRATIONS_TABLE);
    const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').all().map((r) => (r as { version: number }).version));
    let count = 0;
    for (const m of loadMigrations()) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      })();
      count += 1;
    }
    return count;
  }

  async recordCards(entries: CardLogEntry[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT INTO card_log (card_uuid, rule_id, service_id, hook, hook_instance, indicator, issued_at, patient_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_uuid) DO NOTHING',
    );
    this.db.transaction(() => {
      for (const e of entries) insert.run(e.cardUuid, e.ruleId, e.serviceId, e.hook, e.hookInstance, e.indicator, e.issuedAt, e.patientHash ?? null);
    })();
  }

  async recordFeedback(serviceId: string, entries: FeedbackEntry[], receivedAt: string): Promise<FeedbackWriteResult> {
    const known = this.db.prepare('SELECT 1 FROM card_log WHERE card_uuid = ?');
    const insert = this.db.prepare(INSERT_FEEDBACK_SQL);
    const result: FeedbackWriteResult = { stored: 0, duplicates: 0, unknownCards: 0 };
    this.db.transaction(() => {
      for (const e of entries) {
        const unknown = known.get(e.card) === undefined;
        const info = insert.run(...feedbackRow(serviceId, e, receivedAt, unknown));
        tallyFeedback(result, info.changes > 0, unknown);
      }
    })();
    return result;
  }

  async report(range: ReportRange): Promise<RuleReport[]> {
    const [lower, upper] = rangeBounds(range.from, range.to);
    const counts = this.db.prepare(REPORT_COUNTS_SQL).all(lower, upper) as Parameters<typeof assembleReport>[0];
    const reasons = this.db.prepare(REPORT_REASONS_SQL).all(lower, upper) as Parameters<typeof assembleReport>[1];
    const unknown = this.db.prepare(REPORT_UNKNOWN_SQL).get(lower, upper) as Parameters<typeof assembleReport>[2];
    return assembleReport(counts, reasons, unknown);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** For tests and administration: raw rows of a table. */
  rows(table: 'card_log' | 'feedback'): Array<Record<string, unknown>> {
    return this.db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
  }
}
