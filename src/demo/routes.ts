/**
 * Demo mode (local development only; never with NODE_ENV=production): the demo EHR page at /demo,
 * the demo patients' key facts, and a read-only FHIR endpoint at /demo/fhir serving the demo
 * patients with the search subset the service's own prefetch templates use — so a hook call can
 * name it as its fhirServer and exercise the real fallback path.
 */
import express, { type Router } from 'express';
import { isoDateOf } from '../fhir-mapping/dates.js';
import { mapFacts } from '../fhir-mapping/map-facts.js';
import type { ClinicalConfig } from '../config.js';
import { ServiceError } from '../errors.js';
import { projectPath } from '../project-root.js';
import { keyFacts } from './key-facts.js';
import { DemoChart, loadDemoPatients } from './patients.js';

const WEB_DIR = projectPath('demo', 'web');

export function demoRouter(o: { now: () => Date; clinical: ClinicalConfig; publicBaseUrl: string }): Router {
  const chart = new DemoChart(loadDemoPatients());
  const today = () => isoDateOf(o.now());
  const router = express.Router();

  router.get('/demo', (_req, res) => res.sendFile('index.html', { root: WEB_DIR }));
  router.use('/demo/assets', express.static(WEB_DIR, { index: false, fallthrough: false }));
  router.get('/demo/vendor/marked.js', (_req, res) => res.type('text/javascript').sendFile(projectPath('node_modules', 'marked', 'lib', 'marked.esm.js')));

  router.get('/demo/api/patients', (_req, res) => {
    const { patients } = chart.asOf(today());
    res.json({
      today: today(),
      patients: patients.map((p) => ({ id: p.id, title: p.title, description: p.description, hook: p.hook, ...(p.draftOrders ? { draftOrders: p.draftOrders } : {}) })),
    });
  });

  router.get('/demo/api/patients/:id/facts', (req, res) => {
    const { patients } = chart.asOf(today());
    const patient = patients.find((p) => p.id === req.params.id);
    if (!patient) throw new ServiceError('NOT_FOUND', 'no such demo patient');
    const resources = patient.resources.filter((r) => r.resourceType !== 'Patient');
    const patientResource = patient.resources.find((r) => r.resourceType === 'Patient');
    const facts = mapFacts({ ...(patientResource ? { patient: patientResource } : {}), resources, unavailable: new Set() }, today(), o.clinical);
    res.json({ facts: keyFacts(facts) });
  });

  router.get(/^\/demo\/fhir\/(.+)$/, (req, res) => {
    const { store } = chart.asOf(today());
    const relative = req.originalUrl.replace(/^\/demo\/fhir/, '');
    const result = store.handle(relative, `${o.publicBaseUrl}/demo/fhir`);
    res.status(result.status).type('application/fhir+json').send(JSON.stringify(result.body));
  });

  return router;
}

