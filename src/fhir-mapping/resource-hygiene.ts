/**
 * Which resources count, and when they happened. Entered-in-error, cancelled, refuted and
 * unfinished results never reach a rule (issue #3, "Resource hygiene").
 */
import { CONDITION_CLINICAL, CONDITION_VERIFICATION } from './code-systems.js';
import { asString, codeIn, isObject, type Json } from './fhir-access.js';
import { toIsoDate, toInstant } from './dates.js';

const FINAL_OBSERVATION = new Set(['final', 'amended', 'corrected']);
const FINAL_REPORT = new Set(['final', 'amended', 'corrected', 'appended']);
const GIVEN_ADMINISTRATION = new Set(['completed', 'in-progress', 'stopped']);
const VALID_STATEMENT = new Set(['active', 'completed', 'stopped', 'on-hold', 'intended']);
const HISTORY_REQUEST = new Set(['active', 'on-hold', 'completed', 'stopped']);
const ACTIVE_REQUEST = new Set(['active', 'on-hold']);
const DONE_PROCEDURE = new Set(['completed', 'in-progress']);
const ACTIVE_CONDITION = new Set(['active', 'recurrence', 'relapse']);
const INVALID_VERIFICATION = new Set(['refuted', 'entered-in-error']);

export function isUsableObservation(obs: Json): boolean {
  return FINAL_OBSERVATION.has(asString(obs.status) ?? '');
}

export function isUsableReport(report: Json): boolean {
  return FINAL_REPORT.has(asString(report.status) ?? '');
}

/** Active, recurrence or relapse clinical status (or none recorded), and not refuted / entered-in-error. */
export function isActiveCondition(condition: Json): boolean {
  const verification = codeIn(condition.verificationStatus, CONDITION_VERIFICATION);
  if (verification && INVALID_VERIFICATION.has(verification)) return false;
  const clinical = codeIn(condition.clinicalStatus, CONDITION_CLINICAL);
  if (clinical === undefined) {
    // A clinicalStatus in another system, or text only: read its code/text as written.
    const anyCode = isObject(condition.clinicalStatus) ? firstCode(condition.clinicalStatus) : undefined;
    return anyCode === undefined || ACTIVE_CONDITION.has(anyCode);
  }
  return ACTIVE_CONDITION.has(clinical);
}

function firstCode(concept: Json): string | undefined {
  const codings = Array.isArray(concept.coding) ? concept.coding : [];
  for (const c of codings) if (isObject(c) && typeof c.code === 'string') return c.code;
  return undefined;
}

export function isGivenAdministration(admin: Json): boolean {
  return GIVEN_ADMINISTRATION.has(asString(admin.status) ?? '');
}

export function isValidStatement(statement: Json): boolean {
  return VALID_STATEMENT.has(asString(statement.status) ?? '');
}

/** MedicationRequest that says something about treatment history (not cancelled, draft or in error). */
export function isHistoryRequest(request: Json): boolean {
  return HISTORY_REQUEST.has(asString(request.status) ?? '');
}

export function isActiveRequest(request: Json): boolean {
  return ACTIVE_REQUEST.has(asString(request.status) ?? '');
}

export function isDoneProcedure(procedure: Json): boolean {
  return DONE_PROCEDURE.has(asString(procedure.status) ?? '');
}

function periodOf(value: unknown): { start?: string; end?: string } {
  if (!isObject(value)) return {};
  return { start: asString(value.start), end: asString(value.end) };
}

/** Observation/DiagnosticReport date: effectiveDateTime, effectivePeriod end/start, effectiveInstant, issued. */
export function resultDate(resource: Json): string | undefined {
  const period = periodOf(resource.effectivePeriod);
  return (
    toIsoDate(resource.effectiveDateTime) ??
    toIsoDate(period.end) ??
    toIsoDate(period.start) ??
    toIsoDate(resource.effectiveInstant) ??
    toIsoDate(resource.issued)
  );
}

/** The date and the instant of a result from the same field (parsed once). */
export function resultDateAndInstant(resource: Json): { date: string; instant: number } | undefined {
  const period = periodOf(resource.effectivePeriod);
  for (const raw of [resource.effectiveDateTime, period.end, period.start, resource.effectiveInstant, resource.issued]) {
    const date = toIsoDate(raw);
    if (date === undefined) continue;
    const instant = toInstant(raw);
    if (instant !== undefined) return { date, instant };
  }
  return undefined;
}

/** When a dose was given: effectiveDateTime or the start of effectivePeriod. */
export function administrationDate(admin: Json): string | undefined {
  return toIsoDate(admin.effectiveDateTime) ?? toIsoDate(periodOf(admin.effectivePeriod).start);
}

export function administrationInstant(admin: Json): number | undefined {
  return toInstant(admin.effectiveDateTime) ?? toInstant(periodOf(admin.effectivePeriod).start);
}

export function procedureDate(procedure: Json): string | undefined {
  const period = periodOf(procedure.performedPeriod);
  return toIsoDate(procedure.performedDateTime) ?? toIsoDate(period.start) ?? toIsoDate(period.end);
}

export function statementPeriod(statement: Json): { date?: string; start?: string; end?: string } {
  const period = periodOf(statement.effectivePeriod);
  return {
    date: toIsoDate(statement.effectiveDateTime),
    start: toIsoDate(period.start),
    end: toIsoDate(period.end),
  };
}

export function conditionDate(condition: Json): string | undefined {
  const onset = periodOf(condition.onsetPeriod);
  return toIsoDate(condition.onsetDateTime) ?? toIsoDate(onset.start) ?? toIsoDate(condition.recordedDate);
}
