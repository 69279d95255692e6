/** The report as a readable table, and the report command's arguments. */
import { isValidIsoDate } from '../fhir-mapping/dates.js';
import type { ReportRange, RuleReport } from './types.js';

export function parseReportArgs(argv: string[]): { json: boolean; range: ReportRange } {
  const range: ReportRange = {};
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--from' || arg === '--to') {
      const value = argv[++i];
      if (!value || !isValidIsoDate(value)) throw new Error(`${arg} needs a date YYYY-MM-DD`);
      range[arg === '--from' ? 'from' : 'to'] = value;
    } else throw new Error(`unknown argument ${arg} (use --from YYYY-MM-DD --to YYYY-MM-DD --json)`);
  }
  return { json, range };
}

export function formatReportTable(rules: RuleReport[], range: ReportRange): string {
  const header = ['rule id', 'issued', 'accepted', 'overridden', 'override rate', 'top override reasons'];
  const rows = rules.map((r) => [
    r.ruleId,
    String(r.issued),
    String(r.accepted),
    String(r.overridden),
    r.overrideRate === null ? '–' : `${(r.overrideRate * 100).toFixed(1)} %`,
    r.topOverrideReasons.map((t) => `${t.display ?? t.code} (${t.count})`).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const title = `netcds override report ${range.from ?? 'beginning'} – ${range.to ?? 'today'}`;
  if (rows.length === 0) return `${title}\n(no cards issued in this range)\n`;
  return [title, '', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''].join('\n');
}
