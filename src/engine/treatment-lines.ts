/**
 * Where the patient stands in the algorithm: the lines of systemic NET therapy on record and
 * the progressions after them. A line is the long-acting SSA (from its first dose — resumed SSA
 * after PRRT continues the same line, as in NETTER-1), each PRRT course, and each everolimus or
 * cabozantinib episode.
 */
import type { Facts, Progression, PrrtCourse } from '../fhir-mapping/facts.js';

export type LineKind = 'ssa' | 'prrt' | 'everolimus' | 'cabozantinib';

export interface TreatmentLine {
  kind: LineKind;
  /** Start date; '' when an active SSA order carries no date (taken as before everything). */
  start: string;
  end?: string;
  active: boolean;
  reference?: string;
  course?: PrrtCourse;
  /** For SSA: the agents (octreotide LAR, lanreotide …). */
  agents?: string[];
}

export function treatmentLines(facts: Facts): TreatmentLine[] {
  const lines: TreatmentLine[] = [];
  const ssa = facts.therapies.longActingSsa;
  if (ssa) {
    lines.push({
      kind: 'ssa',
      start: ssa.firstDate,
      active: ssa.active,
      agents: ssa.agents,
      ...(ssa.lastDose ? { end: ssa.lastDose.date, reference: ssa.lastDose.reference } : {}),
    });
  }
  for (const course of facts.prrtCourses) {
    lines.push({ kind: 'prrt', start: course.start, end: course.lastDose, active: false, course, ...(course.doses[0]?.reference ? { reference: course.doses[0].reference } : {}) });
  }
  for (const episode of facts.therapies.targeted) {
    if (episode.agent === 'telotristat') continue;
    lines.push({
      kind: episode.agent,
      start: episode.start ?? '',
      active: episode.active,
      ...(episode.end ? { end: episode.end } : {}),
      ...(episode.reference ? { reference: episode.reference } : {}),
    });
  }
  return lines.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

export function latestLine(lines: TreatmentLine[]): TreatmentLine | undefined {
  return lines[lines.length - 1];
}

/** The first progression dated after a date. */
export function firstProgressionAfter(progressions: Progression[], date: string): Progression | undefined {
  return progressions.find((p) => p.date > date);
}

export function latestProgression(progressions: Progression[], onOrBefore?: string): Progression | undefined {
  const eligible = onOrBefore ? progressions.filter((p) => p.date <= onOrBefore) : progressions;
  return eligible[eligible.length - 1];
}

export const LINE_LABEL: Record<LineKind, string> = {
  ssa: 'long-acting somatostatin analogue',
  prrt: 'PRRT with Lu-177 dotatate',
  everolimus: 'everolimus',
  cabozantinib: 'cabozantinib',
};
