/**
 * Card wording lives in cards-templates/<ruleId>.md (one file per rule, reviewable by a clinician
 * without reading TypeScript). Each file has a YAML header — `summary` (a Mustache template),
 * `grade`, `evidence` — and a Markdown body (Mustache). Files are read and parsed once, at
 * start-up; a missing or malformed template stops the process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-root.js';

export const TEMPLATE_DIR = projectPath('cards-templates');

const frontMatterSchema = z.strictObject({
  summary: z.string().min(1),
  grade: z.enum(['2B', '2C']).optional(),
  evidence: z.array(z.string().min(1)).optional(),
});

export interface CardTemplate {
  ruleId: string;
  summary: string;
  body: string;
  grade?: '2B' | '2C';
  evidence?: string[];
}

export interface TemplateSet {
  templates: ReadonlyMap<string, CardTemplate>;
  partials: Readonly<Record<string, string>>;
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/;

export function parseTemplate(ruleId: string, text: string): CardTemplate {
  const m = FRONT_MATTER.exec(text.replace(/\r\n/g, '\n'));
  if (!m) throw new Error(`cards-templates/${ruleId}.md: missing the --- YAML header ---`);
  const header = frontMatterSchema.safeParse(parseYaml(m[1]!));
  if (!header.success) throw new Error(`cards-templates/${ruleId}.md: ${header.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const template: CardTemplate = { ruleId, summary: header.data.summary, body: m[2]!.trim(), ...(header.data.grade ? { grade: header.data.grade } : {}), ...(header.data.evidence ? { evidence: header.data.evidence } : {}) };
  // Parse now so a syntax error stops start-up rather than a request; Mustache caches the result.
  Mustache.parse(template.summary);
  Mustache.parse(template.body);
  return template;
}

export function loadTemplates(dir: string = TEMPLATE_DIR): TemplateSet {
  const templates = new Map<string, CardTemplate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const ruleId = file.slice(0, -'.md'.length);
    templates.set(ruleId, parseTemplate(ruleId, readFileSync(join(dir, file), 'utf8')));
  }
  const partials: Record<string, string> = {};
  const partialDir = join(dir, '_partials');
  for (const file of readdirSync(partialDir).filter((f) => f.endsWith('.md'))) {
    partials[file.slice(0, -'.md'.length)] = readFileSync(join(partialDir, file), 'utf8').trim();
  }
  return { templates, partials };
}

/**
 * Values from the chart are already sanitised by the mapping; this escape is the second line:
 * Markdown and HTML control characters in any interpolated value are neutralised.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value).replace(/[<>`*_[\]|\\#]/g, (c) => `\\${c}`);
}

export function render(template: string, view: Record<string, unknown>, partials: Record<string, string>): string {
  return Mustache.render(template, view, partials, { escape: escapeMarkdown });
}
