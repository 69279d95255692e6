/**
 * The feedback request (CDS Hooks 2.0.1 §Feedback): `{"feedback": [{card, outcome,
 * acceptedSuggestions, overrideReason, outcomeTimestamp}]}`. Early clients sent overrideReason as
 * a bare Coding (cds-hooks/sandbox PR #135 → #139); that form is accepted and normalised.
 */
import { z } from 'zod';
import { ServiceError } from '../errors.js';

const coding = z.looseObject({ system: z.string().min(1), code: z.string().min(1), display: z.string().optional() });

const overrideReason = z.union([
  z.looseObject({ reason: coding.optional(), userComment: z.string().max(2000).optional() }),
  coding.transform((c) => ({ reason: c, userComment: undefined })),
]);

const feedbackEntry = z.looseObject({
  card: z.string().min(1).max(128),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.looseObject({ id: z.string().min(1).max(128) })).optional(),
  overrideReason: overrideReason.optional(),
  outcomeTimestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time (RFC 3339)' }),
});

const feedbackRequest = z.looseObject({ feedback: z.array(feedbackEntry).min(1).max(500) });

export interface FeedbackEntry {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideReason?: { code: string; system: string; display?: string };
  userComment?: string;
  outcomeTimestamp: string;
}

export function parseFeedback(body: unknown): FeedbackEntry[] {
  const parsed = feedbackRequest.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.input === undefined && i.code === 'invalid_type' ? 'is required' : i.message }));
    throw new ServiceError('INVALID_FEEDBACK', `invalid feedback: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data.feedback.map((f) => ({
    card: f.card,
    outcome: f.outcome,
    acceptedSuggestions: (f.acceptedSuggestions ?? []).map((s) => s.id),
    ...(f.overrideReason?.reason ? { overrideReason: { code: f.overrideReason.reason.code, system: f.overrideReason.reason.system, ...(f.overrideReason.reason.display ? { display: f.overrideReason.reason.display } : {}) } } : {}),
    ...(f.overrideReason?.userComment ? { userComment: f.overrideReason.userComment } : {}),
    outcomeTimestamp: f.outcomeTimestamp,
  }));
}
