/**
 * Reading the value of a result. Every reader answers with a value, `UNPARSEABLE` (the chart
 * holds something we cannot read safely) or undefined (no value at all). An unreadable value
 * is never turned into zero.
 */
import { V3_INTERPRETATION } from './code-systems.js';
import { asBoolean, asNumber, asQuantity, asString, codingsOf, isObject, textsOf, type Json } from './fhir-access.js';
import { convertQuantity, ucumUnitOf } from './units.js';
import { inValueSet } from './valuesets.js';

export const UNPARSEABLE = Symbol('unparseable');
export type Parsed<T> = T | typeof UNPARSEABLE | undefined;

/** A number with an optional comparator, e.g. "<2 %" → { value: 2, comparator: '<' }. */
export interface Bounded {
  value: number;
  comparator?: '<' | '<=' | '>' | '>=';
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const PERCENT_TEXT = new RegExp(
  String.raw`^\s*(<=|>=|≤|≥|<|>)?\s*${NUMBER}\s*(?:(?:-|–|to)\s*${NUMBER})?\s*(%|percent)?\s*$`,
  'i',
);

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

function normalizeComparator(c: string | undefined): Bounded['comparator'] {
  if (c === '≤') return '<=';
  if (c === '≥') return '>=';
  return c as Bounded['comparator'];
}

/**
 * A percentage written as text: "12%", "<2%", "15-20 %" (a range counts as its upper bound),
 * "2,5 %". A bare number without % is read as percent only when it is above 1 (a bare 0.12
 * could be a fraction or a percent).
 */
export function parsePercentText(text: string): Parsed<Bounded> {
  const m = PERCENT_TEXT.exec(text);
  if (!m) return UNPARSEABLE;
  const [, comparator, low, high, percentSign] = m;
  const value = toNumber(high ?? low!);
  if (!percentSign && value <= 1) return UNPARSEABLE;
  if (high !== undefined && toNumber(high) < toNumber(low!)) return UNPARSEABLE;
  if (value < 0 || value > 100) return UNPARSEABLE;
  const c = normalizeComparator(comparator);
  return c && high === undefined ? { value, comparator: c } : { value };
}

/**
 * Ki-67 index in percent (rules.md §2): `%` as is; a fraction (value ≤ 1 with unit `1` or
 * `{ratio}`) ×100; valueString parsed as text. A value without a unit is a percent only when
 * above 1. Anything else is unparseable.
 */
export function readPercent(obs: Json): Parsed<Bounded> {
  const quantity = asQuantity(obs.valueQuantity);
  if (quantity) {
    const unit = ucumUnitOf(quantity);
    const value = quantity.value!;
    const comparator = normalizeComparator(quantity.comparator);
    let percent: number | undefined;
    if (unit === '%') percent = value;
    else if (unit === '1' || unit === '{ratio}') percent = value <= 1 ? value * 100 : undefined;
    else if (unit === undefined) percent = value > 1 ? value : undefined;
    if (percent === undefined || percent < 0 || percent > 100) return UNPARSEABLE;
    percent = Number(percent.toPrecision(10));
    return comparator ? { value: percent, comparator } : { value: percent };
  }
  const integer = asNumber(obs.valueInteger);
  if (integer !== undefined) return integer > 1 && integer <= 100 ? { value: integer } : UNPARSEABLE;
  const text = asString(obs.valueString);
  if (text !== undefined) return parsePercentText(text);
  return hasAnyValue(obs) ? UNPARSEABLE : undefined;
}

/** A measurement converted to the UCUM `unit`; no unit, an unknown unit or a comparator is unparseable. */
export function readQuantity(obs: Json, unit: string, options: { molecularWeight?: number } = {}): Parsed<number> {
  const quantity = asQuantity(obs.valueQuantity);
  if (quantity) {
    if (quantity.comparator) return UNPARSEABLE;
    const v = convertQuantity(quantity, unit, options);
    return v === undefined ? UNPARSEABLE : v;
  }
  return hasAnyValue(obs) ? UNPARSEABLE : undefined;
}

/** A mitotic count: the number of a valueQuantity (whatever its area unit), valueInteger, or "3/2 mm2". */
export function readMitoticCount(obs: Json): Parsed<number> {
  const quantity = asQuantity(obs.valueQuantity);
  if (quantity) return quantity.comparator || quantity.value! < 0 ? UNPARSEABLE : quantity.value;
  const integer = asNumber(obs.valueInteger);
  if (integer !== undefined) return integer >= 0 ? integer : UNPARSEABLE;
  const text = asString(obs.valueString);
  if (text !== undefined) {
    const m = /^\s*(\d+(?:[.,]\d+)?)\s*(?:(?:\/|per)\s*.*)?$/i.exec(text);
    return m ? toNumber(m[1]!) : UNPARSEABLE;
  }
  return hasAnyValue(obs) ? UNPARSEABLE : undefined;
}

/** A score on an integer scale (Karnofsky 0–100, ECOG 0–5). */
export function readScore(obs: Json): Parsed<number> {
  const integer = asNumber(obs.valueInteger);
  if (integer !== undefined) return Number.isInteger(integer) ? integer : UNPARSEABLE;
  const quantity = asQuantity(obs.valueQuantity);
  if (quantity) return Number.isInteger(quantity.value) && !quantity.comparator ? quantity.value : UNPARSEABLE;
  const text = asString(obs.valueString);
  if (text !== undefined) {
    const m = /^\s*(?:(?:ecog|kps|karnofsky)\s*[:=]?\s*)?(\d{1,3})\s*%?\s*$/i.exec(text);
    return m ? Number(m[1]) : UNPARSEABLE;
  }
  return hasAnyValue(obs) ? UNPARSEABLE : undefined;
}

export type Polarity = 'positive' | 'negative';

const POSITIVE_TEXT = /^\s*(positive|pos|detected|reactive|present|yes|avid|uptake)\b/i;
const NEGATIVE_TEXT = /^\s*(negative|neg|not detected|non[\s-]*reactive|absent|no|non[\s-]*avid|no uptake)\b/i;

/**
 * Positive/negative from a coded value or conclusion (SNOMED 10828004 / 260385009),
 * interpretation (v3 POS/NEG), valueBoolean or a plain word.
 */
export function readPolarity(resource: Json): Parsed<Polarity> {
  const concepts = [resource.valueCodeableConcept, ...(Array.isArray(resource.conclusionCode) ? resource.conclusionCode : [])];
  for (const concept of concepts) {
    if (inValueSet(concept, 'positiveFinding')) return 'positive';
    if (inValueSet(concept, 'negativeFinding')) return 'negative';
  }
  const bool = asBoolean(resource.valueBoolean);
  if (bool !== undefined) return bool ? 'positive' : 'negative';
  for (const interp of Array.isArray(resource.interpretation) ? resource.interpretation : []) {
    for (const c of codingsOf(interp)) {
      if (c.system !== V3_INTERPRETATION && c.system !== undefined) continue;
      if (c.code === 'POS') return 'positive';
      if (c.code === 'NEG') return 'negative';
    }
  }
  const texts = [asString(resource.valueString), ...concepts.flatMap((c) => textsOf(c))].filter(
    (t): t is string => t !== undefined,
  );
  for (const t of texts) {
    if (NEGATIVE_TEXT.test(t)) return 'negative';
    if (POSITIVE_TEXT.test(t)) return 'positive';
  }
  return hasAnyValue(resource) || concepts.some((c) => c !== undefined) ? UNPARSEABLE : undefined;
}

/** A yes/no assessment (valueBoolean, or a coded/text yes/no). */
export function readBoolean(obs: Json): Parsed<boolean> {
  const bool = asBoolean(obs.valueBoolean);
  if (bool !== undefined) return bool;
  const texts = [asString(obs.valueString), ...textsOf(obs.valueCodeableConcept), ...codingsOf(obs.valueCodeableConcept).map((c) => c.code)];
  for (const t of texts) {
    if (t === undefined) continue;
    if (/^\s*(true|yes|y|present)\s*$/i.test(t) || t === '373066001') return true;
    if (/^\s*(false|no|n|absent)\s*$/i.test(t) || t === '373067005') return false;
  }
  return hasAnyValue(obs) ? UNPARSEABLE : undefined;
}

/** A coded answer (any system; the project CodeSystem uses these words as codes) or the same word as text. */
export function readChoice<T extends string>(obs: Json, choices: readonly T[]): Parsed<T> {
  const candidates = [
    ...codingsOf(obs.valueCodeableConcept).map((c) => c.code),
    ...textsOf(obs.valueCodeableConcept),
    asString(obs.valueString),
  ];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const normalized = candidate.trim().toLowerCase().replace(/\s+/g, '-');
    const match = choices.find((c) => c === normalized);
    if (match) return match;
  }
  return hasAnyValue(obs) ? UNPARSEABLE : undefined;
}

const VALUE_KEYS = [
  'valueQuantity',
  'valueCodeableConcept',
  'valueString',
  'valueBoolean',
  'valueInteger',
  'valueRange',
  'valueRatio',
  'valueSampledData',
  'valueTime',
  'valueDateTime',
  'valuePeriod',
];

export function hasAnyValue(resource: Json): boolean {
  return VALUE_KEYS.some((k) => resource[k] !== undefined);
}

/** What a value looked like, for showing an unparseable value on a card (short, no markup). */
export function rawValueText(resource: Json): string | undefined {
  const q = resource.valueQuantity;
  if (isObject(q)) {
    const parts = [q.comparator, q.value, q.unit ?? q.code].filter((p) => p !== undefined).map(String);
    return sanitize(parts.join(' '));
  }
  const s = asString(resource.valueString);
  if (s !== undefined) return sanitize(s);
  const cc = textsOf(resource.valueCodeableConcept)[0];
  if (cc !== undefined) return sanitize(cc);
  return undefined;
}

/** Chart text shown on a card: at most 60 characters, with Markdown/HTML control characters removed. */
export function sanitize(text: string): string {
  return text.replace(/[<>`*_[\]|\\#]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60);
}
