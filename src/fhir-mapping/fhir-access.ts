/**
 * Never-throwing readers for FHIR JSON. Prefetch and FHIR-server replies are external input:
 * a field of the wrong shape reads as absent (and the fact it feeds becomes unknown), it never
 * crashes the request.
 */
import type { CodeableConcept, Quantity, Reference } from 'fhir/r4.js';
import { canonicalSystem } from './code-systems.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A coding as read from the chart: code always present, system normalised to its canonical URI. */
export interface ReadCoding {
  system?: string;
  code: string;
  display?: string;
}

/** Codings of a CodeableConcept with their system normalised; malformed entries skipped. */
export function codingsOf(concept: unknown): ReadCoding[] {
  if (!isObject(concept)) return [];
  const result: ReadCoding[] = [];
  for (const c of asArray(concept.coding)) {
    if (!isObject(c)) continue;
    const code = asString(c.code);
    if (code === undefined) continue;
    result.push({ system: canonicalSystem(asString(c.system)), code: code.trim(), display: asString(c.display) });
  }
  return result;
}

/** Every human-readable text of a concept (text and coding displays), for text fallbacks. */
export function textsOf(concept: unknown): string[] {
  if (!isObject(concept)) return [];
  const texts: string[] = [];
  const text = asString(concept.text);
  if (text) texts.push(text);
  for (const c of asArray(concept.coding)) {
    if (isObject(c)) {
      const display = asString(c.display);
      if (display) texts.push(display);
    }
  }
  return texts;
}

export function asCodeableConcept(value: unknown): CodeableConcept | undefined {
  return isObject(value) ? (value as CodeableConcept) : undefined;
}

export function asQuantity(value: unknown): Quantity | undefined {
  if (!isObject(value)) return undefined;
  const v = asNumber(value.value);
  if (v === undefined) return undefined;
  return {
    value: v,
    unit: asString(value.unit),
    code: asString(value.code),
    system: asString(value.system),
    comparator: asString(value.comparator) as Quantity['comparator'],
  };
}

/** `Patient/123` from a Reference, or undefined. */
export function referenceOf(value: unknown): string | undefined {
  return isObject(value) ? asString((value as Reference).reference) : undefined;
}

/** `ResourceType/id` of a resource, for provenance on cards. */
export function referenceTo(resource: Json): string | undefined {
  const type = asString(resource.resourceType);
  const id = asString(resource.id);
  return type && id ? `${type}/${id}` : undefined;
}

/** The first status-like code of a CodeableConcept in a given system (e.g. clinicalStatus). */
export function codeIn(concept: unknown, system: string): string | undefined {
  return codingsOf(concept).find((c) => c.system === system)?.code;
}
