/**
 * NCI CTCAE v5.0 grades of decreased blood counts (clinical-facts.md §3), pinned to v5 and named
 * on cards: v6.0 moves the neutrophil and platelet edges. Units: platelets, neutrophils,
 * leukocytes and lymphocytes in 10^3/µL (= 10^9/L); haemoglobin in g/dL.
 *
 * Each grade's band is "< upper – lower": the upper edge belongs to the grade below
 * (platelets 75 is grade 1, 74.9 grade 2; 50 is grade 2, 49.9 grade 3).
 */
import type { BloodCountName } from './facts.js';

export const CTCAE_VERSION = 'CTCAE v5.0';

type Grade = 0 | 1 | 2 | 3 | 4;

/** Upper edges (exclusive) of grades 2, 3, 4; grade 1 starts below the lower limit of normal. */
const EDGES: Record<BloodCountName, { g2: number; g3: number; g4?: number; defaultLln: number }> = {
  platelets: { g2: 75, g3: 50, g4: 25, defaultLln: 150 },
  // Anaemia grade 4 is "life-threatening", not a number: a value alone grades at most 3.
  hemoglobin: { g2: 10, g3: 8, defaultLln: 12 },
  neutrophils: { g2: 1.5, g3: 1.0, g4: 0.5, defaultLln: 1.8 },
  leukocytes: { g2: 3.0, g3: 2.0, g4: 1.0, defaultLln: 4.0 },
  lymphocytes: { g2: 0.8, g3: 0.5, g4: 0.2, defaultLln: 1.0 },
};

/**
 * The grade of one count. `lln` is the lab's lower limit of normal (Observation.referenceRange.low)
 * when it sent one; the default is only used to tell grade 0 from grade 1.
 */
export function ctcaeGrade(count: BloodCountName, value: number, lln?: number): Grade {
  const e = EDGES[count];
  if (e.g4 !== undefined && value < e.g4) return 4;
  if (value < e.g3) return 3;
  if (value < e.g2) return 2;
  const lower = lln ?? e.defaultLln;
  return value < lower ? 1 : 0;
}
