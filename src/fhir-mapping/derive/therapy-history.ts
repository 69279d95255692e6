/**
 * Treatment history (rules.md §2 `therapies`, `prrtCourses`, `prrtBenefit`,
 * `progressionOnSsaAlone`) from MedicationRequest, MedicationAdministration, MedicationStatement,
 * Procedure and ServiceRequest.
 *
 * - Doses are administrations (completed, in progress or stopped), statements with a single
 *   effectiveDateTime, and — for PRRT — completed Procedures. Two Lu-177 records on the same
 *   day are one dose.
 * - Octreotide whose formulation is not stated counts as long-acting (the safe side for the
 *   washout check); cards say so.
 * - A PRRT course is consecutive doses ≤ 16 weeks apart with no progression between them.
 * - Everolimus, cabozantinib and telotristat records form episodes; a gap of more than
 *   120 days between records starts a new episode.
 */
import type { ChartIndex } from '../chart.js';
import { addDays, daysBetween, maxDate, monthsBetween, toIsoDate } from '../dates.js';
import { asArray, asString, isObject, referenceTo, textsOf, type Json } from '../fhir-access.js';
import type { Dose, Lu177Dose, Progression, PrrtCourse, ProcedureRecord, SsaRecord, Therapies, TherapyEpisode } from '../facts.js';
import {
  administrationDate,
  isActiveRequest,
  isDoneProcedure,
  isGivenAdministration,
  isHistoryRequest,
  isValidStatement,
  procedureDate,
  statementPeriod,
} from '../resource-hygiene.js';
import { activityInMBq, doseInMg, dosingIntervalDays, identifyMedication } from '../medications.js';
import { valueSetsOf } from '../valuesets.js';
import { sanitize } from '../values.js';

/** Lu-177 dotatate standard activity, used for doses recorded without one (rules.md prrt.lifetime-dose). */
export const STANDARD_LU177_MBQ = 7400;
export const PRRT_COURSE_GAP_DAYS = 16 * 7;
const EPISODE_GAP_DAYS = 120;
/** rules.md progressionOnSsaAlone: a progression ≤ 8 weeks after the last long-acting dose is "on" the SSA. */
export const ON_SSA_WINDOW_DAYS = 56;

const EMBOLIZATION_TEXT = /emboli[sz]ation|\btace\b|\btae\b|radioemboli|\bsirt\b|microsphere/i;
const RESECTION_TEXT = /hepatectomy|metastasectomy|liver resection|resection of liver|segmentectomy of liver|debulking/i;

/** The date an order is planned for: dosageInstruction timing event, boundsPeriod start, occurrence[x] (rules.md §4). */
export function plannedDateOf(order: Json): string | undefined {
  for (const d of asArray<Json>(order.dosageInstruction)) {
    if (!isObject(d) || !isObject(d.timing)) continue;
    const event = toIsoDate(asArray(d.timing.event)[0]);
    if (event) return event;
    const repeat = isObject(d.timing.repeat) ? d.timing.repeat : undefined;
    const bounds = repeat && isObject(repeat.boundsPeriod) ? toIsoDate(repeat.boundsPeriod.start) : undefined;
    if (bounds) return bounds;
  }
  return (
    toIsoDate(order.occurrenceDateTime) ??
    (isObject(order.occurrencePeriod) ? toIsoDate(order.occurrencePeriod.start) : undefined) ??
    (isObject(order.occurrenceTiming) ? toIsoDate(asArray(order.occurrenceTiming.event)[0]) : undefined)
  );
}

export function deriveTherapies(index: ChartIndex): Therapies {
  const ssa: SsaRecord[] = [];
  const lu177: Lu177Dose[] = [];
  const lu177ActiveOrders: Therapies['lu177ActiveOrders'] = [];
  const targetedRecords: Array<{ agent: TherapyEpisode['agent']; date?: string; end?: string; active: boolean; reference?: string }> = [];

  for (const record of index.medicationRecords) {
    const identity = identifyMedication(record, index.medications);
    if (!identity) continue;
    const reference = referenceTo(record);
    const kind = record.resourceType;
    let doseDate: string | undefined;
    let startDate: string | undefined;
    let endDate: string | undefined;
    let active = false;
    let recordKind: SsaRecord['kind'];
    if (kind === 'MedicationAdministration') {
      if (!isGivenAdministration(record)) continue;
      doseDate = administrationDate(record);
      recordKind = 'dose';
    } else if (kind === 'MedicationStatement') {
      if (!isValidStatement(record)) continue;
      const p = statementPeriod(record);
      doseDate = p.date;
      startDate = p.start;
      endDate = p.end;
      active = asString(record.status) === 'active';
      recordKind = doseDate ? 'dose' : 'statement';
    } else {
      if (!isHistoryRequest(record)) continue;
      active = isActiveRequest(record);
      startDate = plannedDateOf(record) ?? toIsoDate(record.authoredOn);
      recordKind = 'order';
    }

    switch (identity.agent) {
      case 'octreotide':
      case 'lanreotide':
        ssa.push({
          agent: identity.agent,
          formulation: identity.formulation ?? 'unspecified',
          kind: recordKind,
          active,
          ...(doseDate ?? startDate ? { date: doseDate ?? startDate } : {}),
          ...(reference ? { reference } : {}),
          ...optionalNumber('doseMg', doseInMg(record)),
          ...optionalNumber('intervalDays', dosingIntervalDays(record)),
        });
        break;
      case 'lu177-dotatate':
        if (recordKind === 'dose' && doseDate) lu177.push(lu177Dose(record, doseDate, reference));
        else if (kind === 'MedicationRequest' && active) {
          const plannedDate = plannedDateOf(record);
          lu177ActiveOrders.push({ ...(reference ? { reference } : {}), ...(plannedDate ? { plannedDate } : {}) });
        }
        break;
      case 'everolimus':
      case 'cabozantinib':
      case 'telotristat':
        targetedRecords.push({ agent: identity.agent, date: doseDate ?? startDate, end: endDate, active, reference });
        break;
      default:
        break;
    }
  }

  const procedures: ProcedureRecord[] = [];
  for (const procedure of index.procedures) {
    if (!isDoneProcedure(procedure)) continue;
    const date = procedureDate(procedure);
    const reference = referenceTo(procedure);
    const identity = identifyMedication(procedure, index.medications);
    if (identity?.agent === 'lu177-dotatate') {
      if (date) lu177.push({ date, activityAssumed: true, ...(reference ? { reference } : {}) });
      continue;
    }
    const sets = valueSetsOf(procedure.code);
    const texts = textsOf(procedure.code);
    const kind: ProcedureRecord['kind'] | undefined =
      sets.has('embolization') || texts.some((t) => EMBOLIZATION_TEXT.test(t))
        ? 'embolization'
        : sets.has('liverResection') || texts.some((t) => RESECTION_TEXT.test(t))
          ? 'resection'
          : undefined;
    if (kind) procedures.push({ kind, display: sanitize(texts[0] ?? kind), ...(date ? { date } : {}), ...(reference ? { reference } : {}) });
  }

  for (const request of index.serviceRequests) {
    if (!isActiveRequest(request)) continue;
    if (identifyMedication(request, index.medications)?.agent !== 'lu177-dotatate') continue;
    const reference = referenceTo(request);
    const plannedDate = plannedDateOf(request);
    lu177ActiveOrders.push({ ...(reference ? { reference } : {}), ...(plannedDate ? { plannedDate } : {}) });
  }

  const longActing = ssa.filter((r) => r.formulation !== 'short-acting');
  const longDates = longActing.map((r) => r.date).filter((d): d is string => d !== undefined).sort();
  const longDoses = longActing.filter((r) => r.kind === 'dose' && r.date).sort((a, b) => (a.date! < b.date! ? 1 : -1));
  const lastDose: Dose | undefined = longDoses[0] ? { date: longDoses[0].date!, ...(longDoses[0].reference ? { reference: longDoses[0].reference } : {}) } : undefined;
  const longActingSsa =
    longActing.length > 0 && (longDates[0] !== undefined || longActing.some((r) => r.active))
      ? {
          firstDate: longDates[0] ?? '',
          ...(lastDose ? { lastDose } : {}),
          active: longActing.some((r) => r.active),
          agents: [...new Set(longActing.map((r) => (r.agent === 'octreotide' && r.formulation === 'unspecified' ? 'octreotide (formulation not stated)' : r.agent === 'octreotide' ? 'octreotide LAR' : 'lanreotide')))],
        }
      : undefined;

  return {
    historyAvailable: !index.unavailable.has('medications') && !index.unavailable.has('procedures'),
    ssa,
    ...(longActingSsa ? { longActingSsa } : {}),
    shortActingOctreotide: ssa.filter((r) => r.formulation === 'short-acting'),
    lu177Doses: mergeSameDay(lu177),
    lu177ActiveOrders,
    targeted: episodes(targetedRecords),
    procedures,
  };
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function lu177Dose(record: Json, date: string, reference: string | undefined): Lu177Dose {
  const activity = activityInMBq(record);
  return {
    date,
    activityAssumed: activity === undefined,
    ...(activity !== undefined ? { activityMBq: activity } : {}),
    ...(reference ? { reference } : {}),
  };
}

/** One dose per day: a MedicationAdministration and a Procedure for the same infusion are merged. */
function mergeSameDay(doses: Lu177Dose[]): Lu177Dose[] {
  const byDate = new Map<string, Lu177Dose>();
  for (const dose of doses) {
    const existing = byDate.get(dose.date);
    if (!existing || (existing.activityAssumed && !dose.activityAssumed)) byDate.set(dose.date, dose);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

function episodes(records: Array<{ agent: TherapyEpisode['agent']; date?: string; end?: string; active: boolean; reference?: string }>): TherapyEpisode[] {
  const result: TherapyEpisode[] = [];
  for (const agent of ['everolimus', 'cabozantinib', 'telotristat'] as const) {
    const own = records.filter((r) => r.agent === agent);
    const dated = own.filter((r) => r.date).sort((a, b) => (a.date! < b.date! ? -1 : 1));
    let current: TherapyEpisode | undefined;
    for (const r of dated) {
      const lastSeen = current ? (current.end ?? current.start!) : undefined;
      if (!current || (lastSeen && daysBetween(lastSeen, r.date!) > EPISODE_GAP_DAYS)) {
        current = { agent, start: r.date!, active: false, ...(r.reference ? { reference: r.reference } : {}) };
        result.push(current);
      }
      current.end = maxDate(current.end, maxDate(r.date, r.end));
      current.active ||= r.active;
    }
    const undatedActive = own.some((r) => !r.date && r.active);
    if (undatedActive) {
      if (current) current.active = true;
      else result.push({ agent, active: true });
    }
  }
  return result;
}

/** Courses: consecutive doses ≤ 16 weeks apart with no progression between; benefit from the first progression after the last dose. */
export function deriveCourses(doses: Lu177Dose[], progressions: Progression[]): PrrtCourse[] {
  const courses: PrrtCourse[] = [];
  let current: Lu177Dose[] = [];
  for (const dose of doses) {
    const previous = current[current.length - 1];
    const progressionBetween = previous !== undefined && progressions.some((p) => p.date > previous.date && p.date <= dose.date);
    if (previous && (daysBetween(previous.date, dose.date) > PRRT_COURSE_GAP_DAYS || progressionBetween)) {
      courses.push(course(current, progressions));
      current = [];
    }
    current.push(dose);
  }
  if (current.length > 0) courses.push(course(current, progressions));
  return courses;
}

function course(doses: Lu177Dose[], progressions: Progression[]): PrrtCourse {
  const lastDose = doses[doses.length - 1]!.date;
  const after = progressions.find((p) => p.date > lastDose);
  return {
    doses,
    start: doses[0]!.date,
    lastDose,
    ...(after ? { progressionAfter: after, benefitMonths: monthsBetween(lastDose, after.date) } : {}),
  };
}

/**
 * rules.md progressionOnSsaAlone: a progression after the first long-acting SSA dose and no more
 * than 8 weeks after the last one (or while the SSA is active), with no Lu-177, everolimus or
 * cabozantinib before it. The latest such progression.
 */
export function deriveProgressionOnSsaAlone(therapies: Therapies, progressions: Progression[]): Progression | undefined {
  const ssa = therapies.longActingSsa;
  if (!ssa || !ssa.firstDate) return undefined;
  const lastOnSsa = ssa.lastDose ? addDays(ssa.lastDose.date, ON_SSA_WINDOW_DAYS) : undefined;
  const otherStarts = [
    ...therapies.lu177Doses.map((d) => d.date),
    ...therapies.targeted.filter((e) => e.agent !== 'telotristat').map((e) => e.start).filter((d): d is string => d !== undefined),
  ];
  const candidates = progressions.filter((p) => {
    if (p.date <= ssa.firstDate) return false;
    const withinSsa = ssa.active || (lastOnSsa !== undefined && p.date <= lastOnSsa);
    if (!withinSsa) return false;
    return !otherStarts.some((start) => start < p.date);
  });
  return candidates[candidates.length - 1];
}
