/**
 * The service's own response contract as a zod schema (CDS Hooks 2.0.1 §Card attributes and
 * rules.md §5). Tests check every response against it; it is strict about what the spec
 * forbids — null and empty values anywhere, summaries of 140 characters or more, suggestions
 * without selectionBehavior, override reasons without display.
 */
import { z } from 'zod';

const nonEmpty = z.string().min(1);
const uuid = z.uuid();

const coding = z.strictObject({ system: nonEmpty, code: nonEmpty, display: nonEmpty.optional() });

const action = z
  .strictObject({
    type: z.enum(['create', 'update', 'delete']),
    description: nonEmpty,
    resource: z.looseObject({ resourceType: nonEmpty }).optional(),
    resourceId: nonEmpty.optional(),
  })
  .refine((a) => (a.type === 'delete' ? a.resourceId !== undefined : a.resource !== undefined), {
    message: 'create/update need a resource, delete a resourceId',
  });

const suggestion = z.strictObject({
  label: nonEmpty,
  uuid,
  isRecommended: z.boolean().optional(),
  actions: z.array(action).min(1).optional(),
});

const cardFact = z.strictObject({
  name: nonEmpty,
  status: z.enum(['known', 'missing', 'stale', 'unparseable']),
  value: z.union([nonEmpty, z.number(), z.boolean()]).optional(),
  unit: nonEmpty.optional(),
  date: z.iso.date().optional(),
  reference: z.string().regex(/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/).optional(),
});

export const cardSchema = z
  .strictObject({
    uuid,
    summary: nonEmpty.refine((s) => [...s].length < 140, 'summary must be shorter than 140 characters'),
    detail: nonEmpty.optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: z.strictObject({ label: nonEmpty, url: z.url().optional(), icon: z.url().optional(), topic: coding.optional() }),
    suggestions: z.array(suggestion).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(coding.extend({ display: nonEmpty })).min(1).optional(),
    links: z.array(z.strictObject({ label: nonEmpty, url: z.url(), type: z.enum(['absolute', 'smart']), appContext: nonEmpty.optional() })).min(1).optional(),
    extension: z.strictObject({
      'org.netcds': z.strictObject({
        ruleId: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/),
        grade: z.enum(['2B', '2C']).optional(),
        evidence: z.array(nonEmpty).min(1).optional(),
        facts: z.array(cardFact).min(1).optional(),
      }),
    }),
  })
  .refine((c) => c.suggestions === undefined || c.selectionBehavior !== undefined, { message: 'suggestions need selectionBehavior' });

const INDICATOR_RANK = { critical: 0, warning: 1, info: 2 } as const;

export const responseSchema = z
  .strictObject({ cards: z.array(cardSchema), systemActions: z.array(action).min(1).optional() })
  .refine((r) => r.cards.every((c, i) => i === 0 || INDICATOR_RANK[r.cards[i - 1]!.indicator] <= INDICATOR_RANK[c.indicator]), {
    message: 'cards must be ordered critical → warning → info',
  });

/** Any null, empty string, empty array or empty object anywhere in a JSON value (paths listed). */
export function emptyValues(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value === 'string') return value.length === 0 ? [path] : [];
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((v, i) => emptyValues(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [path];
    return entries.flatMap(([k, v]) => emptyValues(v, `${path}.${k}`));
  }
  return [];
}
