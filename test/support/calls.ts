/** One-line HTTP calls for rule tests: a chart in, the checked cards out. */
import type { FhirResource } from 'fhir/r4.js';
import request from 'supertest';
import { orderRequest, patientViewRequest, testApp } from '../fixtures/hooks.js';
import { expectCards, type CardLike } from './assertions.js';

const app = testApp();

export async function patientView(chart: FhirResource[]): Promise<CardLike[]> {
  return expectCards(await request(app).post('/cds-services/netcds-patient-view').send(patientViewRequest(chart)));
}

export async function orderSign(chart: FhirResource[], drafts: FhirResource[]): Promise<CardLike[]> {
  return expectCards(await request(app).post('/cds-services/netcds-order-sign').send(orderRequest('order-sign', chart, drafts)));
}

export async function orderSelect(chart: FhirResource[], drafts: FhirResource[], selections?: string[]): Promise<CardLike[]> {
  return expectCards(await request(app).post('/cds-services/netcds-order-select').send(orderRequest('order-select', chart, drafts, selections ? { selections } : {})));
}

export function factValue(card: CardLike, name: string): unknown {
  return card.extension['org.netcds'].facts?.find((f) => f.name === name)?.value;
}
