/** Rewrites docs/rules.md from the engine and the card templates (npm run docs). */
import { writeFileSync } from 'node:fs';
import { loadTemplates } from '../src/cards/templates.js';
import { rulesMarkdown } from '../src/docs/rules-doc.js';
import { projectPath } from '../src/project-root.js';

writeFileSync(projectPath('docs', 'rules.md'), rulesMarkdown(loadTemplates()));
process.stdout.write('docs/rules.md written\n');
