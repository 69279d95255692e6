/**
 * Data gaps (rules.md §3 "Data gaps"), for in-scope patients.
 *
 * `data.grade-missing` — When no Ki-67, mitotic count or coded grade can be read. Then: warning;
 * the grade decides therapy; ask pathology for Ki-67.
 * `data.sstr-missing` — When no SSTR imaging is on file. Then: warning, with a suggestion that
 * creates a ServiceRequest for SSTR PET (not offered when such an order is already active).
 */
import { factRow, knownRow } from './fact-display.js';
import { isInScope } from './scope.js';
import type { Finding, PatientViewContext, Rule } from './types.js';

export const dataGradeMissing: Rule<PatientViewContext> = {
  id: 'data.grade-missing',
  hooks: ['patient-view'],
  section: 'Classification — tumour differentiation and grade',
  when: 'In-scope GI NET with no readable Ki-67, mitotic count or coded histologic grade.',
  indicators: ['warning'],
  evaluate: ({ facts }): Finding[] => {
    if (!isInScope(facts) || facts.grade.status === 'known' || facts.grade.status === 'stale') return [];
    return [
      {
        ruleId: 'data.grade-missing',
        indicator: 'warning',
        facts: [factRow('Ki-67', facts.ki67), factRow('mitotic count', facts.mitoticCount), factRow('coded histologic grade', facts.codedGrade)],
        view: { unreadable: facts.ki67.status === 'unparseable' || facts.mitoticCount.status === 'unparseable' || facts.codedGrade.status === 'unparseable' },
      },
    ];
  },
};

export const dataSstrMissing: Rule<PatientViewContext> = {
  id: 'data.sstr-missing',
  hooks: ['patient-view'],
  section: 'Determining somatostatin receptor expression',
  when: 'In-scope GI NET with no SSTR imaging result on file (suggests an SSTR PET order unless one is active).',
  indicators: ['warning'],
  evaluate: ({ facts }): Finding[] => {
    if (!isInScope(facts) || facts.sstr.status !== 'missing') return [];
    const pending = facts.pendingSstrImagingOrder;
    const finding: Finding = {
      ruleId: 'data.sstr-missing',
      indicator: 'warning',
      facts: [factRow('SSTR imaging', facts.sstr), ...(pending ? [knownRow('SSTR imaging order', 'active', { ...(pending.date ? { date: pending.date } : {}), ...(pending.reference ? { reference: pending.reference } : {}) })] : [])],
      view: { pendingOrder: pending !== undefined, pendingDate: pending?.date },
    };
    if (!pending) {
      finding.suggestions = [{ kind: 'order-sstr-pet' }];
      finding.selectionBehavior = 'at-most-one';
    }
    return [finding];
  },
};
