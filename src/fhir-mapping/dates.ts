/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD). Clinical dates are compared by calendar day:
 * a FHIR dateTime is reduced to the date written in it (its own time zone), which is the date a
 * clinician sees in the chart. Months are calendar months (rules.md §2).
 */

const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The calendar date of a FHIR date/dateTime/instant. Partial dates take the first day of the
 * period they name only when `partial` is 'start'; by default a year-only or year-month value
 * is too vague to date a dose or a result and reads as undefined.
 */
export function toIsoDate(value: unknown, partial: 'reject' | 'start' = 'reject'): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Most chart dates are plain YYYY-MM-DD or start with one: checked without the regex.
  if (partial === 'reject' && value.length >= 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
    const head = value.length === 10 ? value : value.slice(0, 10);
    if ((value.length === 10 || value.charCodeAt(10) === 84) && isValidIsoDate(head)) return head;
  }
  const m = DATE_PREFIX.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (d === undefined && partial === 'reject') return undefined;
  const date = `${y}-${mo ?? '01'}-${d ?? '01'}`;
  return isValidIsoDate(date) ? date : undefined;
}

/** A real calendar date in YYYY-MM-DD form (arithmetic check: this runs for every dated resource). */
export function isValidIsoDate(date: string): boolean {
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-') return false;
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** Milliseconds of a FHIR dateTime, or of the start of its date when no time is given. */
export function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 10) {
    const date = toIsoDate(value);
    return date === undefined ? undefined : dayNumber(date) * DAY_MS;
  }
  if (value.length > 10) {
    const t = Date.parse(value);
    if (Number.isFinite(t) && toIsoDate(value) !== undefined) return t;
  }
  const date = toIsoDate(value);
  return date === undefined ? undefined : dayNumber(date) * DAY_MS;
}

const DAY_MS = 86_400_000;

const dayNumbers = new Map<string, number>();

/** Days since 1970-01-01 (memoised: the same dates recur across a chart and across calls). */
function dayNumber(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
    if (dayNumbers.size > 50_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
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
