// The demo EHR page: picks a synthetic patient, fires real CDS Hooks calls at this service (with the
// demo FHIR endpoint as fhirServer), renders the cards as an EHR would, and sends real feedback.
import { marked } from '/demo/vendor/marked.js';

// Card detail is Markdown from the service; raw HTML in it is dropped, never rendered.
marked.use({ renderer: { html: () => '' } });

const SERVICES = { 'patient-view': 'netcds-patient-view', 'order-select': 'netcds-order-select', 'order-sign': 'netcds-order-sign' };
const USER = 'Practitioner/demo-clinician';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';

const ORDERS = {
  lu177: { code: { coding: [{ system: RXNORM, code: '1999682', display: 'Lutathera' }], text: 'Lutetium Lu 177 dotatate (Lutathera)' }, dose: { value: 7.4, unit: 'GBq', system: UCUM, code: 'GBq' } },
  'octreotide-lar': { code: { coding: [{ system: RXNORM, code: '898601', display: 'Octreotide 12 MG/ML Injectable Suspension' }], text: 'octreotide LAR 30 mg' }, dose: { value: 30, unit: 'mg', system: UCUM, code: 'mg' }, everyWeeks: 4 },
  everolimus: { code: { coding: [{ system: RXNORM, code: '845507', display: 'everolimus 10 MG Oral Tablet' }], text: 'everolimus 10 mg' }, dose: { value: 10, unit: 'mg', system: UCUM, code: 'mg' } },
  capecitabine: { code: { coding: [{ system: RXNORM, code: '200328', display: 'capecitabine 500 MG Oral Tablet' }], text: 'capecitabine 500 mg' }, dose: { value: 500, unit: 'mg', system: UCUM, code: 'mg' } },
};

const $ = (id) => document.getElementById(id);
let patients = [];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function setStatus(text) {
  $('status').textContent = text;
}

async function json(url, options) {
  const res = await fetch(url, options);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.issue?.[0]?.details?.text ?? `HTTP ${res.status}`);
  return body;
}

async function loadPatients() {
  const data = await json('/demo/api/patients');
  patients = data.patients;
  const select = $('patient');
  select.replaceChildren(...patients.map((p) => el('option', { value: p.id }, p.title)));
  const planned = new Date(`${data.today}T00:00:00Z`);
  planned.setUTCDate(planned.getUTCDate() + 14);
  $('planned').value = planned.toISOString().slice(0, 10);
  await showPatient();
}

async function showPatient() {
  const patient = patients.find((p) => p.id === $('patient').value);
  $('patient-description').textContent = patient.description;
  const { facts } = await json(`/demo/api/patients/${encodeURIComponent(patient.id)}/facts`);
  $('facts').replaceChildren(...facts.map((f) => el('tr', {}, el('th', { scope: 'row' }, f.name), el('td', {}, f.value))));
  $('cards').replaceChildren();
  setStatus('No hook fired yet.');
}

function hookRequest(hook, extraContext = {}) {
  return {
    hook,
    hookInstance: crypto.randomUUID(),
    fhirServer: `${window.location.origin}/demo/fhir`,
    context: { userId: USER, patientId: $('patient').value, ...extraContext },
  };
}

function draftOrder() {
  const template = ORDERS[$('order').value];
  const planned = $('planned').value;
  return {
    resourceType: 'MedicationRequest',
    id: 'demo-draft-1',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${$('patient').value}` },
    medicationCodeableConcept: template.code,
    dosageInstruction: [
      {
        ...(planned || template.everyWeeks
          ? { timing: { ...(planned ? { event: [planned] } : {}), ...(template.everyWeeks ? { repeat: { frequency: 1, period: template.everyWeeks, periodUnit: 'wk' } } : {}) } }
          : {}),
        doseAndRate: [{ doseQuantity: template.dose }],
      },
    ],
  };
}

async function fire(hook) {
  const extra =
    hook === 'patient-view'
      ? {}
      : {
          draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draftOrder() }] },
          ...(hook === 'order-select' ? { selections: ['MedicationRequest/demo-draft-1'] } : {}),
        };
  setStatus(`Calling ${hook}…`);
  try {
    const started = performance.now();
    const { cards } = await json(`/cds-services/${SERVICES[hook]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hookRequest(hook, extra)),
    });
    renderCards(cards, SERVICES[hook]);
    setStatus(`${hook}: ${cards.length} card${cards.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms.`);
  } catch (err) {
    $('cards').replaceChildren();
    setStatus(`${hook} failed: ${err.message}`);
  }
}

function renderCards(cards, serviceId) {
  $('cards').replaceChildren(...cards.map((card) => renderCard(card, serviceId)));
}

function renderCard(card, serviceId) {
  const ruleId = card.extension?.['org.netcds']?.ruleId ?? '';
  const detail = el('div', { class: 'detail' });
  detail.innerHTML = marked.parse(card.detail ?? '');
  const item = el(
    'li',
    { class: `card ${card.indicator}`, 'data-rule-id': ruleId, 'aria-label': `${card.indicator}: ${card.summary}` },
    el('span', { class: 'badge' }, card.indicator),
    el('h3', {}, card.summary),
    el('div', { class: 'rule' }, ruleId),
    el('details', {}, el('summary', {}, 'Details and facts used'), detail),
  );
  const source = el('div', { class: 'source' }, 'Source: ');
  source.append(card.source.url ? el('a', { href: card.source.url, target: '_blank', rel: 'noopener' }, card.source.label) : card.source.label);
  item.append(source);
  for (const link of card.links ?? []) item.append(el('div', { class: 'source' }, el('a', { href: link.url, target: '_blank', rel: 'noopener' }, link.label)));
  item.append(feedbackControls(card, serviceId));
  return item;
}

function feedbackControls(card, serviceId) {
  const box = el('div', { class: 'feedback' });
  const done = (text) => box.replaceChildren(el('span', { class: 'sent', role: 'status' }, text));
  for (const suggestion of card.suggestions ?? []) {
    box.append(
      el('button', { type: 'button', onclick: () => sendFeedback(serviceId, { card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion.uuid }] }, done) }, `Accept: ${suggestion.label}`),
    );
  }
  if (card.overrideReasons?.length) {
    const id = `reason-${card.uuid}`;
    const select = el('select', { id }, ...card.overrideReasons.map((r, i) => el('option', { value: String(i) }, r.display)));
    box.append(
      el('div', {}, el('label', { for: id }, 'Override reason'), select),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => sendFeedback(serviceId, { card: card.uuid, outcome: 'overridden', overrideReason: { reason: card.overrideReasons[Number(select.value)] } }, done),
        },
        'Override',
      ),
    );
  }
  return box;
}

async function sendFeedback(serviceId, entry, done) {
  try {
    const result = await json(`/cds-services/${serviceId}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ feedback: [{ ...entry, outcomeTimestamp: new Date().toISOString() }] }),
    });
    done(`Feedback sent (${entry.outcome}${result.stored === 0 ? ', already recorded' : ''}).`);
  } catch (err) {
    done(`Feedback failed: ${err.message}`);
  }
}

$('patient').addEventListener('change', () => void showPatient());
$('open-chart').addEventListener('click', () => void fire('patient-view'));
$('order-select').addEventListener('click', () => void fire('order-select'));
$('order-sign').addEventListener('click', () => void fire('order-sign'));
loadPatients().catch((err) => setStatus(`Could not load the demo patients: ${err.message}`));
