/**
 * Scope (rules.md §1 principle 1, §3 "Scope").
 *
 * When: an active GI NET (not pancreatic-only, not G3, not poorly differentiated) is in scope.
 * Then: `scope.pancreatic` for a pancreatic NET without a GI NET; `scope.high-grade` for G3 or a
 * neuroendocrine carcinoma. Out-of-scope patients get only these cards (and post-PRRT monitoring).
 */
import type { Facts } from '../fhir-mapping/facts.js';
import { anyValue } from '../fhir-mapping/fact-builders.js';
import { factRow, knownRow } from './fact-display.js';
import type { Finding, PatientViewContext, Rule } from './types.js';
import type { CardFact } from '../cds-types.js';

export const hasGiNet = (facts: Facts): boolean => facts.giNet.length > 0;
export const isPancreaticOnly = (facts: Facts): boolean => facts.pancreatic.length > 0 && !hasGiNet(facts);
export const isHighGrade = (facts: Facts): boolean => facts.poorlyDifferentiated.length > 0 || anyValue(facts.grade) === 'G3';

/** An active GI NET that the G1/G2 guidance covers. */
export function isInScope(facts: Facts): boolean {
  return hasGiNet(facts) && !isHighGrade(facts);
}

export function conditionRows(name: string, conditions: Facts['giNet']): CardFact[] {
  return conditions.map((c) => knownRow(name, c.display, { ...(c.date ? { date: c.date } : {}), ...(c.reference ? { reference: c.reference } : {}) }));
}

export const scopePancreatic: Rule<PatientViewContext> = {
  id: 'scope.pancreatic',
  hooks: ['patient-view'],
  section: 'Introduction; Classification — primary tumour site',
  when: 'An active pancreatic NET is on record and no active GI NET.',
  indicators: ['info'],
  evaluate: ({ facts }): Finding[] => {
    if (!isPancreaticOnly(facts)) return [];
    return [{ ruleId: 'scope.pancreatic', indicator: 'info', facts: conditionRows('pancreatic NET', facts.pancreatic), view: {} }];
  },
};

export const scopeHighGrade: Rule<PatientViewContext> = {
  id: 'scope.high-grade',
  hooks: ['patient-view'],
  section: 'Classification — tumour differentiation and grade',
  when: 'A GI NET graded G3 (Ki-67 or mitoses above 20, or a coded high grade), or a neuroendocrine carcinoma, is on record.',
  indicators: ['info'],
  evaluate: ({ facts }): Finding[] => {
    // A G3 pancreatic NET is covered by scope.pancreatic; a grade alone, without a NET on record, says nothing.
    if (!isHighGrade(facts) || !(hasGiNet(facts) || facts.poorlyDifferentiated.length > 0)) return [];
    const rows: CardFact[] = [
      ...conditionRows('neuroendocrine carcinoma', facts.poorlyDifferentiated),
      ...(anyValue(facts.grade) === 'G3' ? [factRow('WHO grade', facts.grade)] : []),
      ...(facts.ki67.status !== 'missing' ? [factRow('Ki-67', facts.ki67)] : []),
    ];
    return [
      {
        ruleId: 'scope.high-grade',
        indicator: 'info',
        facts: rows,
        view: { carcinoma: facts.poorlyDifferentiated.length > 0, g3: anyValue(facts.grade) === 'G3', ki67: anyValue(facts.ki67) },
      },
    ];
  },
};
