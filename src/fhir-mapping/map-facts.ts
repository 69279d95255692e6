/**
 * mapFacts: FHIR chart → typed Facts (rules.md §2). Pure: no I/O, the reference date is passed
 * in (today for patient-view, the planned dose date for order checks).
 */
import type { ClinicalConfig } from '../config.js';
import { indexChart, type ChartData, type ChartIndex } from './chart.js';
import { deriveBloodCount } from './derive/blood-count.js';
import { deriveAssessments, deriveDisease, deriveHepaticPredominant } from './derive/disease.js';
import { deriveGrade } from './derive/grade.js';
import { deriveKidney } from './derive/kidney.js';
import { derivePatient, derivePregnancy } from './derive/patient.js';
import { derivePerformance } from './derive/performance.js';
import { deriveProgressions } from './derive/progression.js';
import { deriveSstr } from './derive/sstr.js';
import { deriveCourses, deriveProgressionOnSsaAlone, deriveTherapies } from './derive/therapy-history.js';
import { judged } from './fact-builders.js';
import { missing, type Fact, type Facts } from './facts.js';
import { readQuantity, UNPARSEABLE } from './values.js';
import { isActiveRequest } from './resource-hygiene.js';
import { valueSetsOf } from './valuesets.js';
import { referenceTo, textsOf } from './fhir-access.js';
import { namesSstrTracer } from './text-patterns.js';
import { toIsoDate } from './dates.js';

export function mapFacts(chart: ChartData, referenceDate: string, config: ClinicalConfig): Facts {
  return mapIndexedChart(indexChart(chart), referenceDate, config);
}

/** The same mapping from an already indexed chart (order checks map one chart on several dates). */
export function mapIndexedChart(index: ChartIndex, referenceDate: string, config: ClinicalConfig): Facts {
  const unavailableNote = (group: 'observations' | 'medications') =>
    index.unavailable.has(group) ? `${group === 'observations' ? 'results' : 'medication history'} could not be retrieved` : undefined;

  const patient = derivePatient(index, referenceDate);
  const disease = deriveDisease(index);
  const assessments = deriveAssessments(index);
  const progressions = deriveProgressions(index);
  const grade = deriveGrade(index, progressions);
  const weights = index.results.get('bodyWeight') ?? [];
  const heights = index.results.get('bodyHeight') ?? [];
  const kidney = deriveKidney(
    index,
    { birthDate: patient.birthDate, sex: patient.sex, weights, heights, weightWindowDays: config.weightFreshnessDays },
    referenceDate,
    config.labFreshnessDays,
  );
  const performance = derivePerformance(index, referenceDate, config.performanceFreshnessDays);
  const bloodCount = deriveBloodCount(index, referenceDate, config.labFreshnessDays);
  const therapies = deriveTherapies(index);
  const prrtCourses = deriveCourses(therapies.lu177Doses, progressions);
  const progressionOnSsaAlone = deriveProgressionOnSsaAlone(therapies, progressions);

  const functional = deriveFunctional(disease.carcinoidSyndrome.length > 0 ? disease.carcinoidSyndrome[0]! : undefined, assessments.functionalAssessment);
  const symptomatic = deriveSymptomatic(functional, assessments.symptomsAssessment);
  const advanced = deriveAdvanced(disease.metastases.length > 0, assessments);

  const facts: Facts = {
    referenceDate,
    ...(patient.reference ? { patientReference: patient.reference } : {}),
    giNet: disease.giNet,
    pancreatic: disease.pancreatic,
    poorlyDifferentiated: disease.poorlyDifferentiated,
    otherActiveCancer: disease.otherActiveCancer,
    metastases: disease.metastases,
    advanced,
    ki67: withNote(grade.ki67, unavailableNote('observations')),
    ...(grade.ki67Comparator ? { ki67Comparator: grade.ki67Comparator } : {}),
    ...(grade.ki67Discordant ? { ki67Discordant: grade.ki67Discordant } : {}),
    mitoticCount: grade.mitoticCount,
    codedGrade: grade.codedGrade,
    grade: withNote(grade.grade, unavailableNote('observations')),
    g2Band: grade.g2Band,
    sstr: deriveSstr(index),
    kidney: withNote(kidney.kidney, unavailableNote('observations')),
    ...(kidney.conflict ? { kidneyConflict: kidney.conflict } : {}),
    kidneyTests: kidney.tests,
    performance: withNote(performance.performance, unavailableNote('observations')),
    ...(performance.conflict ? { performanceConflict: performance.conflict } : {}),
    bloodCount,
    carcinoidSyndrome: disease.carcinoidSyndrome,
    functional,
    symptomatic,
    refractoryHormonalSymptoms: assessments.refractoryHormonalSymptoms,
    hepaticPredominant: deriveHepaticPredominant(disease.metastases, assessments.extrahepaticBurden),
    burden: assessments.burden,
    extrahepaticBurden: assessments.extrahepaticBurden,
    bulky: assessments.bulky,
    resectable: assessments.resectable,
    progressions,
    ...pendingSstrOrder(index),
    therapies,
    prrtCourses,
    ...(progressionOnSsaAlone ? { progressionOnSsaAlone } : {}),
    age: patient.age,
    sex: patient.sex,
    pregnancy: derivePregnancy(index, disease.pregnantConditions, patient.age, patient.sex, referenceDate, config.labFreshnessDays),
    weightKg: latestMeasurement(weights, 'kg', referenceDate, config.weightFreshnessDays),
    heightCm: latestMeasurement(heights, 'cm', referenceDate, undefined),
  };
  return facts;
}

/** An active ServiceRequest for SSTR imaging (a tracer named, or the SSTR imaging code). */
function pendingSstrOrder(index: ChartIndex): { pendingSstrImagingOrder?: Facts['pendingSstrImagingOrder'] } {
  for (const request of index.serviceRequests) {
    if (!isActiveRequest(request)) continue;
    if (!valueSetsOf(request.code).has('sstrImaging') && !textsOf(request.code).some(namesSstrTracer)) continue;
    const reference = referenceTo(request);
    const date = toIsoDate(request.authoredOn);
    return { pendingSstrImagingOrder: { ...(reference ? { reference } : {}), ...(date ? { date } : {}) } };
  }
  return {};
}

function withNote<T extends Fact<unknown>>(fact: T, note: string | undefined): T {
  return fact.status === 'missing' && note ? { ...fact, note } : fact;
}

/** functional (rules.md §2): carcinoid syndrome Condition or assessment true → true; assessment false → false. */
function deriveFunctional(syndrome: Facts['carcinoidSyndrome'][number] | undefined, assessment: Fact<boolean>): Fact<boolean> {
  if (syndrome) {
    return { status: 'known', value: true, method: `carcinoid syndrome on the problem list (${syndrome.display})`, ...(syndrome.date ? { date: syndrome.date } : {}), ...(syndrome.reference ? { reference: syndrome.reference } : {}) };
  }
  return assessment;
}

/** symptomatic: true if functional or symptoms documented; false if documented absent and functional is not true. */
function deriveSymptomatic(functional: Fact<boolean>, symptoms: Fact<boolean>): Fact<boolean> {
  if (functional.status === 'known' && functional.value) return { ...functional, method: 'functional tumour (hormone symptoms)' };
  if (symptoms.status === 'known') return symptoms;
  return symptoms.status === 'unparseable' ? symptoms : missing();
}

/** Principle 6: any metastasis Condition, M1 staging, or a burden/resectability assessment. */
function deriveAdvanced(hasMetastasis: boolean, a: ReturnType<typeof deriveAssessments>): Fact<boolean> {
  if (hasMetastasis) return { status: 'known', value: true, method: 'metastasis on the problem list' };
  if (a.distantMetastasisStage.status === 'known' && a.distantMetastasisStage.value) {
    return { ...a.distantMetastasisStage, method: 'distant metastasis staging M1' };
  }
  const assessed = [a.burden, a.resectable, a.bulky].find((f) => f.status === 'known');
  if (assessed) return { status: 'known', value: true, method: 'tumour burden or resectability assessed', ...(assessed.date ? { date: assessed.date } : {}), ...(assessed.reference ? { reference: assessed.reference } : {}) };
  return missing('no metastasis on record');
}

function latestMeasurement(entries: import('./chart.js').DatedResult[], unit: string, referenceDate: string, windowDays: number | undefined): Fact<number> {
  for (const entry of entries) {
    const v = readQuantity(entry.resource, unit);
    if (v === UNPARSEABLE || v === undefined || v <= 0) continue;
    return judged(Math.round(v * 10) / 10, entry, referenceDate, windowDays, { unit });
  }
  return missing();
}
