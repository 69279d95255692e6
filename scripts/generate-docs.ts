/** Rewrites the generated docs (rule catalogue, value sets) from the code (npm run docs). */
import { writeFileSync } from 'node:fs';
import { loadTemplates } from '../src/cards/templates.js';
import { rulesMarkdown, valueSetsMarkdown } from '../src/docs/rules-doc.js';
import { describeValueSets, icd10PrefixRules } from '../src/fhir-mapping/valuesets.js';
import { projectPath } from '../src/project-root.js';

writeFileSync(projectPath('docs', 'rules.md'), rulesMarkdown(loadTemplates()));
writeFileSync(projectPath('docs', 'value-sets.md'), valueSetsMarkdown(describeValueSets(), icd10PrefixRules()));
process.stdout.write('docs/rules.md and docs/value-sets.md written\n');
