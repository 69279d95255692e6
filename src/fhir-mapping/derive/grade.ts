/**
 * WHO grade of a well-differentiated GEP NET (WHO 2019/2022; clinical-facts.md §1):
 * G1 Ki-67 < 3 % and < 2 mitoses/2 mm²; G2 Ki-67 3–20 % or 2–20 mitoses; G3 > 20.
 * The higher of the indices wins. 3 % and 20 % are G2.
 *
 * Ki-67 that counts (rules.md §2): the highest value within 12 months of the latest one, or
 * since the latest progression when that began earlier; a lower value that grades differently
 * is kept so the card can show the discordance. When the newest Ki-67 cannot be read, Ki-67 is
 * unparseable — an older value is not used in its place.
 */
import type { ChartIndex, DatedResult } from '../chart.js';
import { addMonths } from '../dates.js';
import { unparseable } from '../fact-builders.js';
import { textsOf, codingsOf } from '../fhir-access.js';
import { missing, type Fact, type Grade, type KnownFact, type Progression } from '../facts.js';
import { readMitoticCount, readPercent, UNPARSEABLE, type Bounded } from '../values.js';
import { inValueSet } from '../valuesets.js';

const GRADE_ORDER: Record<Grade, number> = { G1: 1, G2: 2, G3: 3 };

/** WHO grade of a Ki-67 value, honouring comparators: "<3 %" is G1, ">20 %" is G3. */
export function gradeOfKi67(ki67: Bounded): Grade | undefined {
  const { value, comparator } = ki67;
  if (comparator === '>' || comparator === '>=') {
    if (value > 20 || (comparator === '>' && value >= 20)) return 'G3';
    return undefined; // ">5 %" could be any grade above G1: not decidable.
  }
  if (comparator === '<' && value <= 3) return 'G1';
  if (value < 3) return 'G1';
  if (value <= 20) return 'G2';
  return 'G3';
}

export function gradeOfMitoses(count: number): Grade {
  if (count < 2) return 'G1';
  if (count <= 20) return 'G2';
  return 'G3';
}

export interface GradeFacts {
  ki67: Fact<number>;
  ki67Comparator?: Bounded['comparator'];
  ki67Discordant?: KnownFact<number>;
  mitoticCount: Fact<number>;
  codedGrade: Fact<Grade>;
  grade: Fact<Grade> & { basis?: 'ki67' | 'mitoses' | 'coded' };
  g2Band: Fact<'lower' | 'higher'>;
}

export function deriveGrade(index: ChartIndex, progressions: Progression[]): GradeFacts {
  const ki = deriveKi67(index.results.get('ki67') ?? [], progressions);
  const mitoticCount = latestNumber(index.mitoticCounts);
  const codedGrade = deriveCodedGrade(index);

  const candidates: Array<{ grade: Grade; basis: 'ki67' | 'mitoses' | 'coded'; fact: KnownFact<unknown> }> = [];
  if (ki.fact.status === 'known') {
    const g = gradeOfKi67({ value: ki.fact.value, comparator: ki.comparator });
    if (g) candidates.push({ grade: g, basis: 'ki67', fact: ki.fact });
  }
  if (mitoticCount.status === 'known') {
    candidates.push({ grade: gradeOfMitoses(mitoticCount.value), basis: 'mitoses', fact: mitoticCount });
  }
  if (codedGrade.status === 'known') candidates.push({ grade: codedGrade.value, basis: 'coded', fact: codedGrade });

  let grade: GradeFacts['grade'];
  if (candidates.length === 0) {
    const anyUnparseable = [ki.fact, mitoticCount, codedGrade].find((f) => f.status === 'unparseable');
    grade = anyUnparseable ? { status: 'unparseable', note: 'the grade could not be read from the chart' } : missing();
  } else {
    // Highest grade wins; on a tie, Ki-67 first (it also decides the G2 band).
    const best = candidates.reduce((a, b) => (GRADE_ORDER[b.grade] > GRADE_ORDER[a.grade] ? b : a));
    grade = { status: 'known', value: best.grade, basis: best.basis, date: best.fact.date, reference: best.fact.reference };
  }

  return {
    ki67: ki.fact,
    ki67Comparator: ki.comparator,
    ki67Discordant: ki.discordant,
    mitoticCount,
    codedGrade,
    grade,
    g2Band: deriveG2Band(grade, ki.fact, ki.comparator),
  };
}

/** G2 band from Ki-67: lower 3 to <10 %, higher 10–20 %; unknown when G2 came from mitoses or a coded grade. */
function deriveG2Band(grade: GradeFacts['grade'], ki67: Fact<number>, comparator: Bounded['comparator']): Fact<'lower' | 'higher'> {
  if (grade.status !== 'known' || grade.value !== 'G2') return missing();
  if (ki67.status !== 'known' || gradeOfKi67({ value: ki67.value, comparator }) !== 'G2') {
    return missing('grade G2 came from the mitotic count or a coded grade, not from Ki-67');
  }
  if (comparator === '<' && ki67.value <= 10) return { ...ki67, value: 'lower' };
  return { ...ki67, value: ki67.value < 10 ? 'lower' : 'higher' };
}

function deriveKi67(
  entries: DatedResult[],
  progressions: Progression[],
): { fact: Fact<number>; comparator?: Bounded['comparator']; discordant?: KnownFact<number> } {
  if (entries.length === 0) return { fact: missing() };
  const newest = entries[0]!;
  const newestValue = readPercent(newest.resource);
  if (newestValue === UNPARSEABLE || newestValue === undefined) return { fact: unparseable(newest) };

  const latestProgression = progressions.filter((p) => p.date <= newest.date).map((p) => p.date).sort().pop();
  const twelveMonthsBefore = addMonths(newest.date, -12);
  const windowStart = latestProgression !== undefined && latestProgression < twelveMonthsBefore ? latestProgression : twelveMonthsBefore;

  const inWindow: Array<{ entry: DatedResult; value: Bounded }> = [];
  for (const entry of entries) {
    if (entry.date < windowStart) continue;
    const v = readPercent(entry.resource);
    if (v !== UNPARSEABLE && v !== undefined) inWindow.push({ entry, value: v });
  }
  const chosen = inWindow.reduce((a, b) => (effectiveValue(b.value) > effectiveValue(a.value) ? b : a));
  const fact: KnownFact<number> = {
    status: 'known',
    value: chosen.value.value,
    unit: '%',
    date: chosen.entry.date,
    ...(chosen.entry.reference ? { reference: chosen.entry.reference } : {}),
    ...(chosen.value.comparator ? { method: `reported as ${chosen.value.comparator}${chosen.value.value} %` } : {}),
  };
  // Discordant: a lower value in the window that would grade differently or fall in the other G2 band.
  const decisionClass = (v: Bounded) => `${gradeOfKi67(v)}/${v.value < 10 ? 'below10' : 'from10'}`;
  const discordantEntry = inWindow.find((c) => c !== chosen && decisionClass(c.value) !== decisionClass(chosen.value));
  const discordant: KnownFact<number> | undefined = discordantEntry
    ? {
        status: 'known',
        value: discordantEntry.value.value,
        unit: '%',
        date: discordantEntry.entry.date,
        ...(discordantEntry.entry.reference ? { reference: discordantEntry.entry.reference } : {}),
      }
    : undefined;
  return { fact, comparator: chosen.value.comparator, discordant };
}

/** For choosing the highest: ">20" ranks above "20", "<2" below "2". */
function effectiveValue(v: Bounded): number {
  if (v.comparator === '>' ) return v.value + 0.001;
  if (v.comparator === '<') return v.value - 0.001;
  return v.value;
}

function latestNumber(entries: DatedResult[]): Fact<number> {
  const newest = entries[0];
  if (!newest) return missing();
  // Mitoses are reported per 2 mm² (or per 10 HPF, close to it): the unit text is not convertible, the number is read as is.
  const v = readMitoticCount(newest.resource);
  if (v === UNPARSEABLE || v === undefined || v < 0) return unparseable(newest);
  return {
    status: 'known',
    value: v,
    unit: 'mitoses/2 mm²',
    date: newest.date,
    ...(newest.reference ? { reference: newest.reference } : {}),
  };
}

const GRADE_TEXT: Array<[RegExp, Grade]> = [
  [/\bg\s*3\b|grade\s*3\b|high[\s-]*grade/i, 'G3'],
  [/\bg\s*2\b|grade\s*2\b|intermediate[\s-]*grade/i, 'G2'],
  [/\bg\s*1\b|grade\s*1\b|low[\s-]*grade/i, 'G1'],
];

/** A coded histologic grade (mCODE HistologicGrade; or a coded answer on a Ki-67 result). */
function deriveCodedGrade(index: ChartIndex): Fact<Grade> {
  const entries = [...(index.results.get('histologicGrade') ?? []), ...(index.results.get('ki67') ?? [])]
    .filter((e) => e.resource.valueCodeableConcept !== undefined || e.resource.valueString !== undefined)
    .sort((a, b) => b.instant - a.instant);
  for (const entry of entries) {
    const isGradeResult = inValueSet(entry.resource.code, 'histologicGrade');
    const grade = readGradeAnswer(entry.resource.valueCodeableConcept, entry.resource.valueString);
    if (grade) {
      return { status: 'known', value: grade, date: entry.date, ...(entry.reference ? { reference: entry.reference } : {}) };
    }
    // A histologic-grade result we cannot read is reported; a Ki-67 text value is read as Ki-67 instead.
    if (isGradeResult) return unparseable(entry);
  }
  return missing();
}

function readGradeAnswer(concept: unknown, text: unknown): Grade | undefined {
  if (inValueSet(concept, 'gradeHigh')) return 'G3';
  if (inValueSet(concept, 'gradeIntermediate')) return 'G2';
  if (inValueSet(concept, 'gradeLow')) return 'G1';
  const texts = [...textsOf(concept), ...codingsOf(concept).map((c) => c.code), typeof text === 'string' ? text : ''];
  for (const t of texts) {
    for (const [pattern, grade] of GRADE_TEXT) if (pattern.test(t)) return grade;
  }
  return undefined;
}
