/**
 * The bundled demo patients (demo/patients/*.json): synthetic FHIR R4 charts, no real data. Each
 * chart was written for an anchor date; the demo moves every date in it by the days between the
 * anchor and today, so "a blood count from last week" stays last week whenever the demo is opened.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, daysBetween } from '../fhir-mapping/dates.js';
import { asArray, isObject, type Json } from '../fhir-mapping/fhir-access.js';
import { MemoryFhirStore } from '../fhir-store/memory-search.js';
import { projectPath } from '../project-root.js';

export interface DemoPatient {
  id: string;
  title: string;
  description: string;
  /** The hook the case was written for (order cases carry a draft order). */
  hook: string;
  anchorDate: string;
  resources: Json[];
  draftOrders?: Json[];
}

export const DEMO_DIR = projectPath('demo', 'patients');

export function loadDemoPatients(dir = DEMO_DIR): DemoPatient[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Json;
      const bundle = file.bundle as Json;
      const resources = asArray<Json>(bundle.entry).map((e) => e.resource as Json);
      const patient = resources.find((r) => r.resourceType === 'Patient');
      const draftOrders = isObject(file.draftOrders) ? asArray<Json>(file.draftOrders.entry).map((e) => e.resource as Json) : undefined;
      return {
        id: String(patient?.id ?? f.replace(/\.json$/, '')),
        title: String(file.title),
        description: String(file.description),
        hook: String(file.hook ?? 'patient-view'),
        anchorDate: String(file.anchorDate),
        resources,
        ...(draftOrders ? { draftOrders } : {}),
      };
    });
}

const DATE_STRING = /^(\d{4}-\d{2}-\d{2})(.*)$/;

/** A deep copy of a FHIR value with every date moved by `days`. */
export function shiftDates<T>(value: T, days: number): T {
  if (days === 0) return structuredClone(value);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = DATE_STRING.exec(v);
      return m ? `${addDays(m[1]!, days)}${m[2]}` : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The demo patients as of a given day, and a FHIR store serving all of them. */
export class DemoChart {
  private cache?: { today: string; patients: DemoPatient[]; store: MemoryFhirStore };

  constructor(private readonly patients: DemoPatient[]) {}

  asOf(today: string): { patients: DemoPatient[]; store: MemoryFhirStore } {
    if (this.cache?.today !== today) {
      const patients = this.patients.map((p) => {
        const days = daysBetween(p.anchorDate, today);
        return { ...p, resources: shiftDates(p.resources, days), ...(p.draftOrders ? { draftOrders: shiftDates(p.draftOrders, days) } : {}) };
      });
      this.cache = { today, patients, store: new MemoryFhirStore(patients.flatMap((p) => p.resources)) };
    }
    return this.cache;
  }
}
