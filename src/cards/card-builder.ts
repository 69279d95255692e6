/**
 * The one card builder (rules.md §5, CDS Hooks 2.0.1 §Card attributes). Whatever a rule returns,
 * the card that leaves the service has: a uuid on the card and on every suggestion, a summary
 * shorter than 140 characters, an indicator, source.label, `extension["org.netcds"].ruleId`,
 * selectionBehavior whenever there are suggestions, override reasons (with display) on critical
 * and warning cards, and no null or empty value anywhere.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root.js';
import type { Card, CardFact, Coding } from '../cds-types.js';
import { NETCDS_OVERRIDE_REASON } from '../fhir-mapping/code-systems.js';
import type { Finding, Rule } from '../engine/types.js';
import { buildSuggestion } from './suggestions.js';
import { render, type TemplateSet } from './templates.js';
import { anchor } from '../docs/rules-doc.js';

export const SUMMARY_MAX = 139;
export const SERVICE_LABEL = 'netcds · GI NET systemic therapy guideline';

/** Override reasons, read once from the published CodeSystem (fhir/CodeSystem-netcds-override-reason.json). */
export const OVERRIDE_REASONS: Coding[] = loadOverrideReasons();

function loadOverrideReasons(): Coding[] {
  const cs = JSON.parse(readFileSync(projectPath('fhir', 'CodeSystem-netcds-override-reason.json'), 'utf8')) as {
    url: string;
    concept: Array<{ code: string; display: string }>;
  };
  if (cs.url !== NETCDS_OVERRIDE_REASON) throw new Error('override-reason CodeSystem URL does not match NETCDS_OVERRIDE_REASON');
  return cs.concept.map((c) => ({ system: cs.url, code: c.code, display: c.display }));
}

export interface RenderContext {
  templates: TemplateSet;
  patientId: string;
  publicBaseUrl: string;
  rule: Pick<Rule<unknown>, 'section'>;
}

export function buildCard(finding: Finding, ctx: RenderContext): Card {
  const template = ctx.templates.templates.get(finding.ruleId);
  if (!template) throw new Error(`no card template for ${finding.ruleId}`);
  const view = { ...finding.view, ruleId: finding.ruleId };
  const summary = clampSummary(render(template.summary, view, ctx.templates.partials));
  const body = render(template.body, view, ctx.templates.partials);
  const detail = [body, factsTable(finding.facts), `_Guideline section: ${ctx.rule.section}. Rule \`${finding.ruleId}\`._`]
    .filter((part) => part.trim().length > 0)
    .join('\n\n');

  const card: Card = {
    uuid: randomUUID(),
    summary,
    detail,
    indicator: finding.indicator,
    source: {
      label: `${SERVICE_LABEL} — ${ctx.rule.section}`,
      url: `${ctx.publicBaseUrl}/docs/rules.md#${anchor(finding.ruleId)}`,
    },
    extension: {
      'org.netcds': {
        ruleId: finding.ruleId,
        ...(template.grade ? { grade: template.grade } : {}),
        ...(template.evidence?.length ? { evidence: template.evidence } : {}),
        ...(finding.facts.length ? { facts: finding.facts.map(compactFact) } : {}),
      },
    },
  };
  if (finding.suggestions?.length) {
    card.suggestions = finding.suggestions.map((s) => buildSuggestion(s, { patientId: ctx.patientId }));
    card.selectionBehavior = finding.selectionBehavior ?? 'at-most-one';
  }
  if (finding.indicator === 'critical' || finding.indicator === 'warning') card.overrideReasons = OVERRIDE_REASONS;
  if (finding.links?.length) card.links = finding.links.map((l) => ({ label: l.label, url: l.url, type: 'absolute' as const }));
  return card;
}

/** Whitespace collapsed; cut at a word boundary with an ellipsis if a template ever overflows. */
export function clampSummary(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  if (chars.length <= SUMMARY_MAX) return clean;
  const cut = chars.slice(0, SUMMARY_MAX - 1).join('');
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_MAX - 20)).trimEnd()}…`;
}

function compactFact(fact: CardFact): CardFact {
  const out: CardFact = { name: fact.name, status: fact.status };
  if (fact.value !== undefined && fact.value !== '') out.value = fact.value;
  if (fact.unit) out.unit = fact.unit;
  if (fact.date) out.date = fact.date;
  if (fact.reference) out.reference = fact.reference;
  return out;
}

const STATUS_TEXT: Record<CardFact['status'], string> = { known: '', stale: ' (too old to rely on)', missing: 'not on file', unparseable: 'unreadable' };

/** The facts used, as a GFM table (value, unit, date, source resource). */
export function factsTable(facts: CardFact[]): string {
  if (facts.length === 0) return '';
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = facts.map((f) => {
    let value: string;
    if (f.status === 'known' || f.status === 'stale') value = `${f.value ?? ''}${f.unit ? ` ${f.unit}` : ''}${STATUS_TEXT[f.status]}`;
    else value = `${STATUS_TEXT[f.status]}${f.value !== undefined ? ` (${f.value})` : ''}`;
    return `| ${cell(f.name)} | ${cell(value)} | ${f.date ?? ''} | ${f.reference ? `\`${f.reference}\`` : ''} |`;
  });
  return ['**Facts used**', '', '| Fact | Value | Date | Source |', '|---|---|---|---|', ...rows].join('\n');
}
