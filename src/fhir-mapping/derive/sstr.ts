/**
 * SSTR status from imaging only (rules.md §2): the newest SSTR imaging result that can be read.
 * When the newest imaging result has no readable positive/negative, the status is unparseable
 * (an older result is not silently used in its place). No freshness here: the PRRT criterion
 * judges age against the planned date and the latest progression.
 */
import type { ChartIndex } from '../chart.js';
import { unparseable } from '../fact-builders.js';
import { missing, type Fact } from '../facts.js';
import { readPolarity, UNPARSEABLE } from '../values.js';

export function deriveSstr(index: ChartIndex): Fact<'positive' | 'negative'> {
  const newest = index.sstrImaging[0];
  if (!newest) return index.unavailable.has('imaging') || index.unavailable.has('observations') ? missing('imaging results could not be retrieved') : missing();
  const polarity = readPolarity(newest.resource);
  if (polarity === UNPARSEABLE || polarity === undefined) return unparseable(newest);
  return { status: 'known', value: polarity, date: newest.date, ...(newest.reference ? { reference: newest.reference } : {}) };
}
