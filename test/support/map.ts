/** Map a chart of FHIR resources to Facts, as the service does (for mapping tests). */
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/config.js';
import type { DataGroup } from '../../src/fhir-mapping/chart.js';
import type { Json } from '../../src/fhir-mapping/fhir-access.js';
import { mapFacts } from '../../src/fhir-mapping/map-facts.js';
import { TODAY } from '../fixtures/hooks.js';

export function factsOf(resources: FhirResource[], o: { on?: string; unavailable?: DataGroup[] } = {}) {
  const patient = resources.find((r) => r?.resourceType === 'Patient') as Json | undefined;
  const rest = resources.filter((r) => r?.resourceType !== 'Patient') as unknown as Json[];
  return mapFacts({ ...(patient ? { patient } : {}), resources: rest, unavailable: new Set(o.unavailable ?? []) }, o.on ?? TODAY, DEFAULT_CLINICAL_CONFIG);
}
