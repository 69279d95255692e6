/** The published catalogues are generated from the code: they cannot drift (issues #3, #4). */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadTemplates } from '../../src/cards/templates.js';
import { rulesMarkdown, valueSetsMarkdown } from '../../src/docs/rules-doc.js';
import { ALL_RULES } from '../../src/engine/index.js';
import { describeValueSets, icd10PrefixRules } from '../../src/fhir-mapping/valuesets.js';
import { projectPath } from '../../src/project-root.js';

const templates = loadTemplates();

describe('generated documentation', () => {
  test('docs/rules.md matches the engine and the templates (run `npm run docs` after a change)', () => {
    expect(readFileSync(projectPath('docs', 'rules.md'), 'utf8')).toBe(rulesMarkdown(templates));
  });

  test('docs/value-sets.md matches the value sets', () => {
    expect(readFileSync(projectPath('docs', 'value-sets.md'), 'utf8')).toBe(valueSetsMarkdown(describeValueSets(), icd10PrefixRules()));
  });

  test('every registered rule has a template and every template a rule', () => {
    const ruleIds = ALL_RULES.map((r) => r.id).sort();
    expect([...templates.templates.keys()].sort()).toEqual(ruleIds);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
  });

  test('every rule id of the clinical specification is registered', () => {
    const spec = readFileSync(projectPath('docs', 'spec-rule-ids.txt'), 'utf8').split('\n').filter(Boolean);
    expect(ALL_RULES.map((r) => r.id).sort()).toEqual(spec.sort());
  });
});
