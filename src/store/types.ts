/** The durable store of issued cards and their feedback (issue #7). */
import type { FeedbackEntry } from '../hooks/feedback-schema.js';

export interface CardLogEntry {
  cardUuid: string;
  ruleId: string;
  serviceId: string;
  hook: string;
  hookInstance: string;
  indicator: string;
  issuedAt: string;
  /** HMAC-SHA256 of the patient id with PATIENT_HASH_KEY; absent without a key. */
  patientHash?: string;
}

export interface FeedbackWriteResult {
  stored: number;
  duplicates: number;
  unknownCards: number;
}

export interface ReportRange {
  /** Inclusive ISO date (YYYY-MM-DD) of the first day. */
  from?: string;
  /** Inclusive ISO date of the last day. */
  to?: string;
}

export interface RuleReport {
  ruleId: string;
  issued: number;
  accepted: number;
  overridden: number;
  /** Overridden cards / issued cards (null when none were issued). */
  overrideRate: number | null;
  topOverrideReasons: Array<{ code: string; display?: string; count: number }>;
}

export interface FeedbackStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<number>;
  recordCards(entries: CardLogEntry[]): Promise<void>;
  recordFeedback(serviceId: string, entries: FeedbackEntry[], receivedAt: string): Promise<FeedbackWriteResult>;
  report(range: ReportRange): Promise<RuleReport[]>;
  close(): Promise<void>;
}
