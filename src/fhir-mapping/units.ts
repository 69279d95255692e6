/**
 * The one unit normaliser (architecture.md): every quantity goes through UCUM
 * (@lhncbc/ucum-lhc, the NLM's UCUM library). Display units that labs send instead of UCUM
 * codes (K/uL, x10^9/L, mL/min/1.73m2 …) are translated first by a short synonym table.
 * All conversions used here are linear, so each (from, to) factor is computed once and cached.
 */
import ucum from '@lhncbc/ucum-lhc';
import type { Quantity } from 'fhir/r4.js';

const utils = ucum.UcumLhcUtils.getInstance();

/** Molecular weights for mass ↔ substance conversions (g/mol). */
export const MOLECULAR_WEIGHT = {
  /** Creatinine 113.12 g/mol: 1 mg/dL = 88.4 µmol/L (clinical-facts.md §5). */
  creatinine: 113.12,
  /** Haemoglobin monomer (per haem) 16 114.5 g/mol: 1 mmol/L = 1.611 g/dL. */
  hemoglobin: 16114.5,
} as const;

const SYNONYMS: Record<string, string> = {
  'k/ul': '10*3/uL',
  'k/µl': '10*3/uL',
  'thou/ul': '10*3/uL',
  'x10^3/ul': '10*3/uL',
  'x10e3/ul': '10*3/uL',
  '10^3/ul': '10*3/uL',
  '10^3/µl': '10*3/uL',
  'x10^3/µl': '10*3/uL',
  '10e3/ul': '10*3/uL',
  'x10^9/l': '10*9/L',
  'x10e9/l': '10*9/L',
  '10^9/l': '10*9/L',
  '10e9/l': '10*9/L',
  'giga/l': '10*9/L',
  'g/l (cells)': '10*9/L',
  'µmol/l': 'umol/L',
  'μmol/l': 'umol/L',
  'ml/min/1.73m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73m²': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m²': 'mL/min/{1.73_m2}',
  'ml/min/{1.73m2}': 'mL/min/{1.73_m2}',
  'ml/min per 1.73 m2': 'mL/min/{1.73_m2}',
  'percent': '%',
  'lb': '[lb_av]',
  'lbs': '[lb_av]',
  'in': '[in_i]',
  'inch': '[in_i]',
  'inches': '[in_i]',
  'mci': 'mCi',
  'gbq': 'GBq',
  'mbq': 'MBq',
  'ratio': '{ratio}',
};

/** The UCUM code a Quantity is in: its code when present, else its unit text via synonyms. */
export function ucumUnitOf(quantity: Pick<Quantity, 'code' | 'unit'>): string | undefined {
  const raw = quantity.code ?? quantity.unit;
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return SYNONYMS[trimmed.toLowerCase()] ?? trimmed;
}

const factorCache = new Map<string, number | null>();

function conversionFactor(from: string, to: string, molecularWeight?: number): number | undefined {
  const cacheKey = `${from}\u0000${to}\u0000${molecularWeight ?? ''}`;
  const cached = factorCache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  let factor: number | null = null;
  if (from === to) {
    factor = 1;
  } else {
    try {
      const r = utils.convertUnitTo(from, 1, to, molecularWeight ? { molecularWeight } : undefined);
      if (r.status === 'succeeded' && typeof r.toVal === 'number' && Number.isFinite(r.toVal)) factor = r.toVal;
    } catch {
      factor = null;
    }
  }
  factorCache.set(cacheKey, factor);
  return factor ?? undefined;
}

/**
 * The value of a quantity in the target UCUM unit, or undefined when the unit is missing or
 * not convertible (the fact then reads as unparseable, never as zero). Results are rounded to
 * 10 significant digits to remove floating-point noise from the conversion.
 */
export function convertQuantity(
  quantity: Pick<Quantity, 'value' | 'code' | 'unit'>,
  target: string,
  options: { molecularWeight?: number } = {},
): number | undefined {
  if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) return undefined;
  const from = ucumUnitOf(quantity);
  if (from === undefined) return undefined;
  const factor = conversionFactor(from, target, options.molecularWeight);
  if (factor === undefined) return undefined;
  return Number((quantity.value * factor).toPrecision(10));
}

/** Whether a quantity's unit is one of the given UCUM units (after synonyms). */
export function unitIs(quantity: Pick<Quantity, 'code' | 'unit'>, ...units: string[]): boolean {
  const u = ucumUnitOf(quantity);
  return u !== undefined && units.includes(u);
}
