/**
 * The somatostatin analogue around PRRT and hormone symptoms (rules.md §3; guideline § "Should the
 * SSA be continued?", § "Progressive hormone-related symptoms").
 *
 * `ssa.continue` — When functional and PRRT is under way (latest course < 4 doses, last dose
 * < 16 weeks ago, no progression since) or planned (an active Lu-177 order). Then: continue the
 * long-acting SSA, none within 28 days before a dose; next expected dose (last + 8 weeks, or the
 * planned date) and the last safe SSA date.
 * `ssa.stop` — When non-functional (documented), on a long-acting SSA, progressed on it, and
 * everolimus or cabozantinib started after the progression or ordered. Then: stop the SSA.
 * `second.hormonal` — When functional, on a long-acting SSA, and refractory hormonal symptoms
 * are documented or short-acting octreotide rescue was used in the last 3 months. Then: escalate
 * the SSA; telotristat for refractory diarrhoea.
 */
import { addDays, addMonths, daysBetween } from '../fhir-mapping/dates.js';
import { knownValue, type Facts } from '../fhir-mapping/facts.js';
import { factRow, knownRow } from './fact-display.js';
import { isInScope } from './scope.js';
import { firstProgressionAfter } from './treatment-lines.js';
import type { Finding, PatientViewContext, Rule } from './types.js';
import { ON_SSA_WINDOW_DAYS, PRRT_COURSE_GAP_DAYS } from '../fhir-mapping/derive/therapy-history.js';

export const DOSES_PER_COURSE = 4;
export const DOSE_INTERVAL_DAYS = 56;
export const SSA_WASHOUT_DAYS = 28;

const isFunctional = (f: Facts) => knownValue(f.functional) === true;
const isDocumentedNonFunctional = (f: Facts) => knownValue(f.functional) === false;

/** On a long-acting SSA now: an active order/statement, or a dose within the last 8 weeks. */
export function isOnLongActingSsa(f: Facts, today: string): boolean {
  const ssa = f.therapies.longActingSsa;
  if (!ssa) return false;
  return ssa.active || (ssa.lastDose !== undefined && daysBetween(ssa.lastDose.date, today) <= ON_SSA_WINDOW_DAYS);
}

/** The latest PRRT course while it is under way: < 4 doses, last dose < 16 weeks ago, no progression since. */
export function courseUnderWay(f: Facts, onDate: string) {
  const course = f.prrtCourses[f.prrtCourses.length - 1];
  if (!course || course.doses.length >= DOSES_PER_COURSE) return undefined;
  if (daysBetween(course.lastDose, onDate) >= PRRT_COURSE_GAP_DAYS) return undefined;
  if (firstProgressionAfter(f.progressions, course.lastDose)) return undefined;
  return course;
}

export const ssaContinue: Rule<PatientViewContext> = {
  id: 'ssa.continue',
  hooks: ['patient-view'],
  section: 'Should the SSA be continued?; PRRT — eligibility criteria, dosing, and administration',
  when: 'Functional tumour and PRRT under way (latest course < 4 doses, last dose < 16 weeks ago, no progression since) or planned (active Lu-177 order).',
  indicators: ['info'],
  evaluate: ({ facts, today }): Finding[] => {
    if (!isInScope(facts) || !isFunctional(facts)) return [];
    const course = courseUnderWay(facts, today);
    const planned = facts.therapies.lu177ActiveOrders;
    if (!course && planned.length === 0) return [];
    const candidates = [
      ...(course ? [addDays(course.lastDose, DOSE_INTERVAL_DAYS)] : []),
      ...planned.map((o) => o.plannedDate).filter((d): d is string => d !== undefined && d >= today),
    ].sort();
    const nextDose = candidates[0];
    const rows = [factRow('functional tumour', facts.functional, (v) => (v ? 'yes' : 'no'))];
    if (course) for (const d of course.doses) rows.push(knownRow('Lu-177 dose', d.activityMBq ?? 'activity not recorded', { ...(d.activityMBq ? { unit: 'MBq' } : {}), date: d.date, ...(d.reference ? { reference: d.reference } : {}) }));
    for (const o of planned) rows.push(knownRow('Lu-177 order', o.plannedDate ? `planned ${o.plannedDate}` : 'planned date not stated', { ...(o.reference ? { reference: o.reference } : {}) }));
    const lastSsa = facts.therapies.longActingSsa?.lastDose;
    if (lastSsa) rows.push(knownRow('last long-acting SSA dose', lastSsa.date, { date: lastSsa.date, ...(lastSsa.reference ? { reference: lastSsa.reference } : {}) }));
    return [
      {
        ruleId: 'ssa.continue',
        indicator: 'info',
        facts: rows,
        view: {
          underWay: course !== undefined,
          dosesGiven: course?.doses.length,
          nextDose,
          lastSafeSsaDate: nextDose ? addDays(nextDose, -SSA_WASHOUT_DAYS) : undefined,
          nextDoseUnknown: nextDose === undefined,
        },
      },
    ];
  },
};

export const ssaStop: Rule<PatientViewContext> = {
  id: 'ssa.stop',
  hooks: ['patient-view'],
  section: 'Should the SSA be continued?',
  when: 'Documented non-functional tumour on a long-acting SSA that progressed on it, with everolimus or cabozantinib started after the progression or ordered.',
  indicators: ['info'],
  evaluate: ({ facts, today }): Finding[] => {
    if (!isInScope(facts) || !isDocumentedNonFunctional(facts) || !isOnLongActingSsa(facts, today)) return [];
    const ssa = facts.therapies.longActingSsa!;
    const progression = ssa.firstDate ? firstProgressionAfter(facts.progressions, ssa.firstDate) : facts.progressions[0];
    if (!progression) return [];
    const switched = facts.therapies.targeted.find(
      (e) => (e.agent === 'everolimus' || e.agent === 'cabozantinib') && (e.active || (e.start !== undefined && e.start >= progression.date)),
    );
    if (!switched) return [];
    return [
      {
        ruleId: 'ssa.stop',
        indicator: 'info',
        facts: [
          factRow('functional tumour', facts.functional, (v) => (v ? 'yes' : 'no')),
          knownRow('long-acting SSA', ssa.agents.join(' / '), { ...(ssa.firstDate ? { date: ssa.firstDate } : {}) }),
          knownRow('progression on SSA', 'progression', { date: progression.date, ...(progression.reference ? { reference: progression.reference } : {}) }),
          knownRow('new systemic therapy', switched.agent, { ...(switched.start ? { date: switched.start } : {}), ...(switched.reference ? { reference: switched.reference } : {}) }),
        ],
        view: { agent: switched.agent, progressionDate: progression.date, ssaAgents: ssa.agents.join(' / ') },
      },
    ];
  },
};

export const secondHormonal: Rule<PatientViewContext> = {
  id: 'second.hormonal',
  hooks: ['patient-view'],
  section: 'Second-line therapy — Progressive hormone-related symptoms',
  when: 'Functional tumour on a long-acting SSA with refractory hormonal symptoms documented or short-acting octreotide rescue in the last 3 months.',
  indicators: ['info'],
  evaluate: ({ facts, today }): Finding[] => {
    if (!isInScope(facts) || !isFunctional(facts) || !isOnLongActingSsa(facts, today)) return [];
    const refractory = knownValue(facts.refractoryHormonalSymptoms) === true;
    const threeMonthsAgo = addMonths(today, -3);
    const rescue = facts.therapies.shortActingOctreotide
      .filter((r) => r.date !== undefined && r.date >= threeMonthsAgo && r.date <= today)
      .sort((a, b) => (a.date! < b.date! ? 1 : -1))[0];
    if (!refractory && !rescue) return [];
    return [
      {
        ruleId: 'second.hormonal',
        indicator: 'info',
        facts: [
          factRow('functional tumour', facts.functional, (v) => (v ? 'yes' : 'no')),
          factRow('refractory hormonal symptoms', facts.refractoryHormonalSymptoms, (v) => (v ? 'yes' : 'no')),
          ...(rescue ? [knownRow('short-acting octreotide rescue', rescue.kind, { date: rescue.date!, ...(rescue.reference ? { reference: rescue.reference } : {}) })] : []),
        ],
        view: { refractory, rescueDate: rescue?.date },
      },
    ];
  },
};
