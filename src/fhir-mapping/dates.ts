/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD). Clinical dates are compared by calendar day:
 * a FHIR dateTime is reduced to the date written in it (its own time zone), which is the date a
 * clinician sees in the chart. Months are calendar months (rules.md §2).
 */

const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/**
 * The calendar date of a FHIR date/dateTime/instant. Partial dates take the first day of the
 * period they name only when `partial` is 'start'; by default a year-only or year-month value
 * is too vague to date a dose or a result and reads as undefined.
 */
export function toIsoDate(value: unknown, partial: 'reject' | 'start' = 'reject'): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_PREFIX.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (d === undefined && partial === 'reject') return undefined;
  const date = `${y}-${mo ?? '01'}-${d ?? '01'}`;
  return isValidIsoDate(date) ? date : undefined;
}

export function isValidIsoDate(date: string): boolean {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === date;
}

/** Milliseconds of a FHIR dateTime, or of the start of its date when no time is given. */
export function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const date = toIsoDate(value);
  if (!date) return undefined;
  if (value.length > 10) {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return Date.parse(`${date}T00:00:00Z`);
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Add calendar months; the day is clamped to the end of a shorter month (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whole calendar months from `from` to `to` (e.g. 2025-01-15 → 2026-01-14 is 11). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd && addMonths(from, months) > to) months -= 1;
  return months;
}

/** Age in whole years on a date. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function maxDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

export function minDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/**
 * The calendar date of an instant in the process's time zone (set TZ to the hospital's zone),
 * for the edge that owns the clock: "today" is the date the clinician sees on the wall.
 */
export function isoDateOf(instant: Date): string {
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
