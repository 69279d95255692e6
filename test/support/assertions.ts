/** Shared assertions: every response is checked against the service's response contract. */
import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { emptyValues, responseSchema } from '../../src/hooks/response-schema.js';

export interface CardLike {
  summary: string;
  indicator: string;
  detail?: string;
  extension: { 'org.netcds': { ruleId: string; facts?: Array<Record<string, unknown>>; grade?: string; evidence?: string[] } };
  suggestions?: Array<{ label: string; uuid: string; actions?: Array<{ type: string; resource?: Record<string, unknown>; resourceId?: string }> }>;
  overrideReasons?: Array<{ code: string; display: string }>;
  selectionBehavior?: string;
  links?: Array<{ url: string }>;
  source: { label: string; url?: string };
}

/** Assert a 200 CDS response that honours the contract; returns its cards. */
export function expectCards(res: Response): CardLike[] {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const parsed = responseSchema.safeParse(res.body);
  if (!parsed.success) throw new Error(`response breaks the card contract: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  expect(emptyValues(res.body)).toEqual(res.body.cards.length === 0 ? ['$.cards'] : []);
  return res.body.cards as CardLike[];
}

export const ruleIds = (cards: CardLike[]) => cards.map((c) => c.extension['org.netcds'].ruleId);

export function cardFor(cards: CardLike[], ruleId: string): CardLike {
  const card = cards.find((c) => c.extension['org.netcds'].ruleId === ruleId);
  if (!card) throw new Error(`no ${ruleId} card; got ${ruleIds(cards).join(', ') || 'none'}`);
  return card;
}

export function expectErrorCode(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue[0].details.coding[0].code).toBe(code);
}
