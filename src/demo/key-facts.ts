/** The key facts of a chart in a few lines (the demo page and the offline evaluator show them). */
import { describe } from '../engine/fact-display.js';
import { describe as describePerformance } from '../fhir-mapping/derive/performance.js';
import type { Facts } from '../fhir-mapping/facts.js';

/** What a clinician would glance at before reading the cards. */
export function keyFacts(f: Facts): Array<{ name: string; value: string }> {
  const ssa = f.therapies.longActingSsa;
  const lastProgression = f.progressions[f.progressions.length - 1];
  return [
    { name: 'Patient', value: `${f.age.status === 'known' ? `${f.age.value} years` : 'age unknown'}, ${f.sex}` },
    { name: 'NET', value: [...f.giNet, ...f.pancreatic, ...f.poorlyDifferentiated].map((c) => c.display).join('; ') || 'none on record' },
    { name: 'Metastases', value: f.metastases.map((m) => m.site).join(', ') || 'none on record' },
    { name: 'Grade', value: `${describe(f.grade)}; Ki-67 ${describe(f.ki67)}` },
    { name: 'SSTR imaging', value: describe(f.sstr) },
    { name: 'Functional', value: f.functional.status === 'known' ? (f.functional.value ? 'yes (hormone symptoms)' : 'no') : 'not documented' },
    { name: 'Kidney', value: describe(f.kidney, (v) => String(v.mlPerMin)) },
    { name: 'Performance', value: describe(f.performance, (v) => describePerformance(v)) },
    { name: 'Long-acting SSA', value: ssa ? `${ssa.agents.join(' / ')}${ssa.lastDose ? `, last dose ${ssa.lastDose.date}` : ''}` : 'none' },
    { name: 'Lu-177 doses', value: f.therapies.lu177Doses.length ? f.therapies.lu177Doses.map((d) => d.date).join(', ') : 'none' },
    { name: 'Latest progression', value: lastProgression?.date ?? 'none recorded' },
  ];
}
