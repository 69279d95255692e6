/**
 * `trials.consider` (rules.md §3; guideline § "Investigational agents") — When an in-scope GI NET
 * is on record. Then: info; clinical trial enrolment is encouraged for this rare disease, with an
 * absolute link to a public trial-registry search.
 */
import { conditionRows, isInScope } from './scope.js';
import type { Finding, PatientViewContext, Rule } from './types.js';

export const TRIAL_SEARCH_URL = 'https://clinicaltrials.gov/search?cond=Neuroendocrine%20Tumors&aggFilters=status%3Arec';

export const trialsConsider: Rule<PatientViewContext> = {
  id: 'trials.consider',
  hooks: ['patient-view'],
  section: 'Initial therapy (general principles); Investigational agents',
  when: 'Any in-scope GI NET (G1/G2 or ungraded).',
  indicators: ['info'],
  evaluate: ({ facts }): Finding[] => {
    if (!isInScope(facts)) return [];
    return [
      {
        ruleId: 'trials.consider',
        indicator: 'info',
        facts: conditionRows('GI NET', facts.giNet),
        view: {},
        links: [{ label: 'Recruiting neuroendocrine tumour trials (ClinicalTrials.gov)', url: TRIAL_SEARCH_URL }],
      },
    ];
  },
};
