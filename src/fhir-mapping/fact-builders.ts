/** Building facts with their status from a dated result and a freshness window. */
import { daysBetween } from './dates.js';
import type { Fact, KnownFact, StaleFact, UnknownFact } from './facts.js';
import { rawValueText } from './values.js';
import type { DatedResult } from './chart.js';

/** Known when within `windowDays` before the reference date (or no window), else stale. */
export function judged<T>(
  value: T,
  source: { date: string; reference?: string },
  referenceDate: string,
  windowDays: number | undefined,
  extra: { unit?: string; method?: string } = {},
): KnownFact<T> | StaleFact<T> {
  const fresh = windowDays === undefined || daysBetween(source.date, referenceDate) <= windowDays;
  return {
    status: fresh ? 'known' : 'stale',
    value,
    date: source.date,
    ...(source.reference ? { reference: source.reference } : {}),
    ...(extra.unit ? { unit: extra.unit } : {}),
    ...(extra.method ? { method: extra.method } : {}),
  };
}

export function unparseable(entry: DatedResult): UnknownFact {
  const raw = rawValueText(entry.resource);
  return {
    status: 'unparseable',
    date: entry.date,
    ...(entry.reference ? { reference: entry.reference } : {}),
    ...(raw ? { raw } : {}),
  };
}

/** A fact's value whether fresh or stale (for decisions that do not depend on freshness). */
export function anyValue<T>(fact: Fact<T>): T | undefined {
  return fact.status === 'known' || fact.status === 'stale' ? fact.value : undefined;
}
