import { describe, expect, test } from '@jest/globals';
import { mapFacts } from '../../src/fhir-mapping/map-facts.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/config.js';

describe('smoke', () => {
  test('maps an empty chart', () => {
    const facts = mapFacts({ resources: [], unavailable: new Set() }, '2026-11-27', DEFAULT_CLINICAL_CONFIG);
    expect(facts.giNet).toEqual([]);
    expect(facts.ki67.status).toBe('missing');
  });
});
