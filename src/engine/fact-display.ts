/**
 * How a fact is shown: as a row of the card's evidence (extension facts, detail table) and as a
 * short phrase for the card text. Unknown is shown as unknown, with why.
 */
import type { CardFact } from '../cds-types.js';
import type { Fact } from '../fhir-mapping/facts.js';

type Scalar = string | number | boolean;

/** A card evidence row for a fact; members without a value are left out. */
export function factRow<T>(name: string, fact: Fact<T>, format: (value: T) => Scalar = defaultFormat, unit?: string): CardFact {
  const row: CardFact = { name, status: fact.status };
  if (fact.status === 'known' || fact.status === 'stale') {
    row.value = format(fact.value);
    const u = unit ?? fact.unit;
    if (u) row.unit = u;
  } else if (fact.status === 'unparseable' && fact.raw) {
    row.value = fact.raw;
  } else if (fact.note) {
    row.value = fact.note;
  }
  if (fact.date) row.date = fact.date;
  if (fact.reference) row.reference = fact.reference;
  return row;
}

/** A row for a plain known value (e.g. a dose date with its resource). */
export function knownRow(name: string, value: Scalar, extra: { unit?: string; date?: string; reference?: string } = {}): CardFact {
  return {
    name,
    status: 'known',
    value,
    ...(extra.unit ? { unit: extra.unit } : {}),
    ...(extra.date ? { date: extra.date } : {}),
    ...(extra.reference ? { reference: extra.reference } : {}),
  };
}

export function missingRow(name: string, note?: string): CardFact {
  return { name, status: 'missing', ...(note ? { value: note } : {}) };
}

function defaultFormat(value: unknown): Scalar {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A phrase for card text: "12 % on 2026-10-01", "not on file", "older than the window (…)". */
export function describe<T>(fact: Fact<T>, format: (value: T) => string = (v) => String(v), unit?: string): string {
  const u = unit ?? ('unit' in fact ? fact.unit : undefined);
  const withUnit = (v: T) => `${format(v)}${u ? ` ${u}` : ''}`;
  switch (fact.status) {
    case 'known':
      return fact.date ? `${withUnit(fact.value)} on ${fact.date}` : withUnit(fact.value);
    case 'stale':
      return `${withUnit(fact.value)} on ${fact.date} (too old to rely on)`;
    case 'unparseable':
      return `unreadable${fact.raw ? ` ("${fact.raw}")` : ''}${fact.date ? ` on ${fact.date}` : ''}`;
    case 'missing':
      return fact.note ? `not known (${fact.note})` : 'not on file';
  }
}
