/**
 * Monitoring after PRRT (rules.md §3; guideline § "Toxicity and risks"). These follow the Lu-177
 * history whatever the scope: a patient treated elsewhere for a pancreatic NET is monitored too.
 *
 * `monitor.prrt-blood` — When any Lu-177 dose is on record and no complete blood count is dated
 * within the last 6 months. Then: warning; CBC with differential at least every 6 months (MDS
 * 2–4 %, acute leukaemia < 1 %); suggestion creates the ServiceRequest.
 * `monitor.prrt-kidney` — When any Lu-177 dose is on record and no kidney-function test is within
 * 3 months (first year after the last dose, or while the last result is abnormal — CrCl or eGFR
 * < 60 — or has fallen > 20 % from the last value before the first dose), otherwise 6 months.
 * Then: warning; suggestion creates the ServiceRequest.
 * `monitor.prrt-hematology` — When the latest blood count after the last Lu-177 dose shows a
 * CTCAE grade ≥ 2 cytopenia other than isolated lymphopenia. Then: warning; prompt haematology
 * referral (suggestion creates a referral ServiceRequest).
 */
import { CTCAE_VERSION } from '../fhir-mapping/ctcae.js';
import { addMonths } from '../fhir-mapping/dates.js';
import { COUNT_UNITS } from '../fhir-mapping/derive/blood-count.js';
import type { BloodCountName, Facts } from '../fhir-mapping/facts.js';
import { knownRow, missingRow } from './fact-display.js';
import type { Finding, PatientViewContext, Rule } from './types.js';

const lastLu177Dose = (f: Facts) => f.therapies.lu177Doses[f.therapies.lu177Doses.length - 1];
const firstLu177Dose = (f: Facts) => f.therapies.lu177Doses[0];

function doseRows(f: Facts) {
  const first = firstLu177Dose(f);
  const last = lastLu177Dose(f);
  const rows = [knownRow('Lu-177 doses on record', f.therapies.lu177Doses.length, { ...(last ? { date: last.date } : {}), ...(last?.reference ? { reference: last.reference } : {}) })];
  if (first && first !== last) rows.push(knownRow('first Lu-177 dose', first.date, { date: first.date, ...(first.reference ? { reference: first.reference } : {}) }));
  return rows;
}

export const monitorPrrtBlood: Rule<PatientViewContext> = {
  id: 'monitor.prrt-blood',
  hooks: ['patient-view'],
  section: 'PRRT toxicity and risks — myelotoxicity and therapy-related myeloid neoplasms',
  when: 'Any Lu-177 dose on record (whatever the scope) and no complete blood count in the last 6 months.',
  indicators: ['warning'],
  evaluate: ({ facts, today }): Finding[] => {
    const last = lastLu177Dose(facts);
    if (!last) return [];
    const sixMonthsAgo = addMonths(today, -6);
    const latestComplete = facts.bloodCount.latestCompleteDate;
    if (latestComplete !== undefined && latestComplete >= sixMonthsAgo) return [];
    return [
      {
        ruleId: 'monitor.prrt-blood',
        indicator: 'warning',
        facts: [...doseRows(facts), latestComplete ? knownRow('latest complete blood count', latestComplete, { date: latestComplete }) : missingRow('complete blood count', 'none on file')],
        view: { lastDose: last.date, latestCount: latestComplete, dueSince: latestComplete ? addMonths(latestComplete, 6) : undefined },
        suggestions: [{ kind: 'order-cbc' }],
        selectionBehavior: 'at-most-one',
      },
    ];
  },
};

export const monitorPrrtKidney: Rule<PatientViewContext> = {
  id: 'monitor.prrt-kidney',
  hooks: ['patient-view'],
  section: 'PRRT toxicity and risks — kidney/glomerular damage',
  when: 'Any Lu-177 dose on record and no kidney-function test within 3 months (first year after the last dose, last CrCl/eGFR < 60, or a fall > 20 % from before PRRT) or 6 months (otherwise).',
  indicators: ['warning'],
  evaluate: ({ facts, today }): Finding[] => {
    const last = lastLu177Dose(facts);
    const first = firstLu177Dose(facts);
    if (!last || !first) return [];
    const tests = facts.kidneyTests; // newest first
    const latest = tests[0];
    const latestValue = tests.find((t) => t.mlPerMin !== undefined);
    const baseline = tests.find((t) => t.mlPerMin !== undefined && t.date < first.date);
    const firstYear = today < addMonths(last.date, 12);
    const abnormal = latestValue?.mlPerMin !== undefined && latestValue.mlPerMin < 60;
    const fallen = latestValue?.mlPerMin !== undefined && baseline?.mlPerMin !== undefined && latestValue.date > first.date && latestValue.mlPerMin < baseline.mlPerMin * 0.8;
    const intervalMonths = firstYear || abnormal || fallen ? 3 : 6;
    if (latest && latest.date >= addMonths(today, -intervalMonths)) return [];
    const rows = [
      ...doseRows(facts),
      latest ? knownRow('latest kidney-function test', latest.mlPerMin !== undefined ? Math.round(latest.mlPerMin) : latest.kind, { ...(latest.mlPerMin !== undefined ? { unit: 'mL/min' } : {}), date: latest.date, ...(latest.reference ? { reference: latest.reference } : {}) }) : missingRow('kidney-function test', 'none on file'),
      ...(baseline && fallen ? [knownRow('last value before the first dose', Math.round(baseline.mlPerMin!), { unit: 'mL/min', date: baseline.date, ...(baseline.reference ? { reference: baseline.reference } : {}) })] : []),
    ];
    return [
      {
        ruleId: 'monitor.prrt-kidney',
        indicator: 'warning',
        facts: rows,
        view: { intervalMonths, firstYear, abnormal, fallen, latestTest: latest?.date, lastDose: last.date },
        suggestions: [{ kind: 'order-kidney-function' }],
        selectionBehavior: 'at-most-one',
      },
    ];
  },
};

const MARROW_COUNTS: BloodCountName[] = ['platelets', 'hemoglobin', 'neutrophils', 'leukocytes'];
const LABEL: Record<BloodCountName, string> = { platelets: 'platelets', hemoglobin: 'haemoglobin', neutrophils: 'neutrophils (ANC)', leukocytes: 'white cells', lymphocytes: 'lymphocytes' };

export const monitorPrrtHematology: Rule<PatientViewContext> = {
  id: 'monitor.prrt-hematology',
  hooks: ['patient-view'],
  section: 'PRRT toxicity and risks — myelotoxicity and therapy-related myeloid neoplasms',
  when: 'The latest blood count after the last Lu-177 dose shows a CTCAE grade ≥ 2 decrease of platelets, haemoglobin, neutrophils or white cells.',
  indicators: ['warning'],
  evaluate: ({ facts }): Finding[] => {
    const last = lastLu177Dose(facts);
    const day = facts.bloodCount.latestDay;
    if (!last || !day || day.date <= last.date) return [];
    const cytopenias = MARROW_COUNTS.map((n) => ({ name: n, count: day.counts[n] })).filter((c) => c.count !== undefined && c.count.ctcaeGrade >= 2);
    if (cytopenias.length === 0) return [];
    return [
      {
        ruleId: 'monitor.prrt-hematology',
        indicator: 'warning',
        facts: [
          ...doseRows(facts),
          ...cytopenias.map((c) => knownRow(`${LABEL[c.name]} (${CTCAE_VERSION} grade ${c.count!.ctcaeGrade})`, c.count!.value, { unit: COUNT_UNITS[c.name], date: day.date, ...(c.count!.reference ? { reference: c.count!.reference } : {}) })),
        ],
        view: {
          countDate: day.date,
          cytopenias: cytopenias.map((c) => `${LABEL[c.name]} ${c.count!.value} ${COUNT_UNITS[c.name]} (${CTCAE_VERSION} grade ${c.count!.ctcaeGrade})`).join(', '),
          lastDose: last.date,
        },
        suggestions: [{ kind: 'refer-hematology' }],
        selectionBehavior: 'at-most-one',
      },
    ];
  },
};
