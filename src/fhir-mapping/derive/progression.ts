/**
 * Progressions (rules.md §2): disease-status observations (mCODE CancerDiseaseStatus, LOINC
 * 97509-4) whose value means worsened or progressed — SNOMED 271299001 / 419835002, or the
 * words "progression", "progressive disease", "worsened", "PD" (not negated: "no progression").
 */
import type { ChartIndex } from '../chart.js';
import { asString, textsOf } from '../fhir-access.js';
import type { Progression } from '../facts.js';
import { inValueSet } from '../valuesets.js';

const PROGRESSED_TEXT = /progress(ion|ive|ed|ing)?\b|worse(ned|ning)?\b|\bpd\b/i;
const NEGATED = /\b(no|not|without|non|absence of)[\s-]+(evidence[\s-]+of[\s-]+)?(disease[\s-]+)?(progress|worse)/i;

export function deriveProgressions(index: ChartIndex): Progression[] {
  const result: Progression[] = [];
  for (const entry of index.results.get('diseaseStatus') ?? []) {
    const concept = entry.resource.valueCodeableConcept;
    const texts = [...textsOf(concept), asString(entry.resource.valueString) ?? ''];
    const progressed =
      inValueSet(concept, 'diseaseProgressed') || texts.some((t) => PROGRESSED_TEXT.test(t) && !NEGATED.test(t));
    if (progressed) result.push({ date: entry.date, ...(entry.reference ? { reference: entry.reference } : {}) });
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
