/** Value sets and text fallbacks (issue #3): matching by system + code; documented text patterns. */
import { describe, expect, test } from '@jest/globals';
import { identifyMedication } from '../../src/fhir-mapping/medications.js';
import { isSstrImaging } from '../../src/fhir-mapping/chart.js';
import { namesLu177Dotatate, namesMitoticCount } from '../../src/fhir-mapping/text-patterns.js';
import { inValueSet, valueSetsOf } from '../../src/fhir-mapping/valuesets.js';
import * as F from '../fixtures/fhir.js';
import { factsOf } from '../support/map.js';

const icd = (code: string) => F.cc(F.ICD10CM, code);

describe('conditions', () => {
  test.each([
    ['C7A.012', true],
    ['C7A.010', true],
    ['C7A.019', true],
    ['C7A.020', true],
    ['C7A.026', true],
    ['C7A.092', true],
    ['C7A.095', true],
    ['C7A.096', true],
    ['C7A012', true],
    ['c7a.026', true],
    ['C7A.090', false],
    ['C7A.091', false],
    ['C7A.093', false],
    ['C7A.094', false],
    ['C7A.1', false],
    ['C25.4', false],
    ['D3A.012', false],
  ])('ICD-10-CM %s is a GI NET: %s', (code, expected) => {
    expect(inValueSet(icd(code), 'giNet')).toBe(expected);
  });

  test('SNOMED GI NET codes match by system and code, not display', () => {
    expect(inValueSet(F.cc(F.SNOMED, '737313007', 'anything'), 'giNet')).toBe(true);
    expect(inValueSet(F.cc('http://example.org/local', '737313007'), 'giNet')).toBe(false);
    expect(inValueSet({ text: 'Primary malignant neuroendocrine neoplasm of ileum' }, 'giNet')).toBe(false);
  });

  test('C7A.094 (foregut, unspecified) counts as a GI NET only with a GI bodySite', () => {
    const withSite = F.condition({ code: icd('C7A.094'), bodySite: 'Stomach structure' });
    const withoutSite = F.condition({ code: icd('C7A.094') });
    const lungSite = F.condition({ code: icd('C7A.094'), bodySite: 'Lung structure' });
    expect(factsOf([withSite]).giNet).toHaveLength(1);
    expect(factsOf([withoutSite]).giNet).toHaveLength(0);
    expect(factsOf([lungSite]).giNet).toHaveLength(0);
  });

  test.each(['E34.0', 'E34.00', 'E34.01', 'E34.09', 'E3409'])('carcinoid syndrome %s', (code) => {
    expect(inValueSet(icd(code), 'carcinoidSyndrome')).toBe(true);
  });

  test('pancreatic NET and neuroendocrine carcinoma', () => {
    expect(inValueSet(icd('C25.4'), 'pancreaticNet')).toBe(true);
    expect(inValueSet(icd('C7A.1'), 'neuroendocrineCarcinoma')).toBe(true);
    expect(inValueSet(F.cc(F.SNOMED, '253000007'), 'neuroendocrineCarcinoma')).toBe(true);
  });

  test('metastasis sites; Merkel cell (C7B.1) is not NET spread; C7B.00 has no site', () => {
    expect(valueSetsOf(icd('C7B.02')).has('metastasisLiver')).toBe(true);
    expect(valueSetsOf(icd('C78.7')).has('metastasisLiver')).toBe(true);
    expect(valueSetsOf(icd('C7B.03')).has('metastasisBone')).toBe(true);
    expect(valueSetsOf(icd('C79.51')).has('metastasisBone')).toBe(true);
    expect(valueSetsOf(icd('C7B.04')).has('metastasisPeritoneum')).toBe(true);
    expect(valueSetsOf(icd('C7B.01')).has('metastasisOther')).toBe(true);
    expect(valueSetsOf(icd('C78.01')).has('metastasisOther')).toBe(true);
    expect(valueSetsOf(icd('C7B.1')).size).toBe(0);
    const facts = factsOf([F.ileumNet(), F.condition({ code: icd('C7B.00') }), F.condition({ code: icd('C7B.1') })]);
    expect(facts.metastases.map((m) => m.site)).toEqual(['unspecified']);
  });
});

describe('Lu-177 dotatate recognition', () => {
  const med = (concept: ReturnType<typeof F.cc> | { text: string }) => identifyMedication(F.medicationRequest(concept as never) as never, new Map());

  test.each([
    ['Lutathera', true],
    ['lutetium Lu 177 dotatate', true],
    ['177Lu-DOTATATE', true],
    ['Lu-177 DOTA-TATE', true],
    ['[177Lu]Lu-oxodotreotide', true],
    ['Lutetium (177Lu) oxodotreotide 370 MBq/mL', true],
    ['Lu-177 vipivotide tetraxetan (Pluvicto)', false],
    ['Pluvicto', false],
    ['lutetium Lu 177 PSMA-617', false],
    ['Ac-225 DOTATATE', false],
    ['Pb-212 dotamtate', false],
    ['Ga-68 dotatate', false],
    ['Cu-64 dotatate (Detectnet)', false],
  ])('text %s → %s', (text, expected) => {
    expect(namesLu177Dotatate(text)).toBe(expected);
    expect(med({ text })?.agent === 'lu177-dotatate').toBe(expected);
  });

  test.each([
    [F.RXNORM, '1999682'],
    ['http://www.whocc.no/atc', 'V10XX04'],
    ['https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'A9513'],
    ['http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'A9513'],
    ['http://hl7.org/fhir/sid/ndc', '69488-003-01'],
  ])('code %s|%s', (system, code) => {
    expect(med(F.cc(system, code))?.agent).toBe('lu177-dotatate');
  });

  test('the service’s own SSTR PET order is not Lu-177 dotatate', () => {
    expect(med({ text: 'Somatostatin receptor PET-CT (Ga-68 dotatate, Ga-68 dotatoc or Cu-64 dotatate)' })).toBeUndefined();
  });
});

describe('other medications', () => {
  const identify = (r: object) => identifyMedication(r as never, new Map());
  test('octreotide formulation: LAR codes, solution codes, text, route and dose', () => {
    expect(identify(F.medicationRequest(F.OCTREOTIDE_LAR_30))?.formulation).toBe('long-acting');
    expect(identify(F.medicationRequest(F.OCTREOTIDE_SHORT))?.formulation).toBe('short-acting');
    expect(identify(F.medicationRequest({ text: 'Sandostatin LAR Depot 30 mg' }))?.formulation).toBe('long-acting');
    expect(identify(F.medicationRequest(F.cc(F.RXNORM, '7617', 'octreotide'), { dose: F.qty(30, 'mg') }))?.formulation).toBe('long-acting');
    expect(identify(F.medicationRequest(F.cc(F.RXNORM, '7617', 'octreotide'), { dose: F.qty(100, 'ug') }))?.formulation).toBe('short-acting');
    expect(identify(F.medicationRequest(F.cc(F.RXNORM, '7617', 'octreotide')))?.formulation).toBe('unspecified');
    expect(identify(F.medicationRequest(F.LANREOTIDE_120))?.formulation).toBe('long-acting');
  });

  test('everolimus for transplant (Zortress) is not NET therapy', () => {
    expect(identify(F.medicationRequest(F.EVEROLIMUS))?.agent).toBe('everolimus');
    expect(identify(F.medicationRequest({ text: 'Zortress 0.75 mg' }))).toBeUndefined();
    expect(identify(F.medicationRequest(F.cc('http://www.whocc.no/atc', 'L04AH02', 'everolimus')))).toBeUndefined();
  });

  test('a medicationReference resolves through contained and fetched Medications, then its display', () => {
    const contained = { ...F.medicationRequest(F.EVEROLIMUS), medicationCodeableConcept: undefined, medicationReference: { reference: '#m1' }, contained: [{ resourceType: 'Medication', id: 'm1', code: F.LUTATHERA }] };
    expect(identify(contained)?.agent).toBe('lu177-dotatate');
    const referenced = { ...F.medicationRequest(F.EVEROLIMUS), medicationCodeableConcept: undefined, medicationReference: { reference: 'Medication/m2' } };
    expect(identifyMedication(referenced as never, new Map([['Medication/m2', { resourceType: 'Medication', id: 'm2', code: F.CABOZANTINIB }]]))?.agent).toBe('cabozantinib');
    const displayOnly = { ...referenced, medicationReference: { reference: 'Medication/unknown', display: 'Lanreotide 120 mg' } };
    expect(identify(displayOnly)?.agent).toBe('lanreotide');
  });

  test.each([
    ['capecitabine 500 mg', 'chemotherapy'],
    ['CAPTEM', 'chemotherapy'],
    ['interferon alfa-2b', 'interferon-alfa'],
    ['surufatinib', 'surufatinib'],
    ['Y-90 DOTATOC', 'y90-dotatoc'],
    ['pembrolizumab', 'investigational'],
    ['Ac-225 dotatate', 'investigational'],
    ['telotristat ethyl', 'telotristat'],
    ['amoxicillin', undefined],
  ])('%s → %s', (text, agent) => {
    expect(identify(F.medicationRequest({ text }))?.agent).toBe(agent);
  });
});

describe('SSTR imaging and mitotic count text fallbacks', () => {
  test.each([
    [{ text: 'Ga-68 DOTATATE PET/CT' }, undefined, true],
    [{ text: 'Cu-64 dotatate PET' }, undefined, true],
    [{ text: 'In-111 pentetreotide scintigraphy (OctreoScan)' }, undefined, true],
    [{ text: 'Somatostatin receptor PET' }, 'imaging', true],
    [{ text: 'Somatostatin receptor PET' }, undefined, false],
    [{ text: 'SSTR2 immunohistochemistry' }, 'laboratory', false],
    [{ text: 'SSTR2 IHC on dotatate-avid tumour' }, 'imaging', false],
    [F.cc(F.NETCDS, 'sstr-imaging'), undefined, true],
    [{ text: 'CT abdomen' }, 'imaging', false],
  ])('%j (category %s) → %s', (code, category, expected) => {
    expect(isSstrImaging(F.observation({ code, date: '2026-01-01', ...(category ? { category } : {}), valueBoolean: true }) as never)).toBe(expected);
  });

  test('a DiagnosticReport with a tracer name and a conclusion code counts', () => {
    const report = F.diagnosticReport({ text: 'PET-CT Ga-68 DOTATOC' }, '2026-05-01', { conclusion: F.cc(F.SNOMED, '260385009', 'Negative') });
    expect(factsOf([report]).sstr).toEqual(expect.objectContaining({ status: 'known', value: 'negative', date: '2026-05-01' }));
  });

  test.each([
    ['Mitotic count', true],
    ['Mitotic rate (per 2 mm2)', true],
    ['Mitoses per 10 HPF', true],
    ['Ki-67 proliferation index', false],
  ])('%s → %s', (text, expected) => {
    expect(namesMitoticCount(text)).toBe(expected);
  });

  test('a text-coded mitotic count is read as the mitotic count', () => {
    const obs = F.observation({ code: { text: 'Mitotic rate' }, date: '2026-03-01', valueString: '4/2 mm2' });
    expect(factsOf([obs]).mitoticCount).toEqual(expect.objectContaining({ status: 'known', value: 4 }));
  });
});
