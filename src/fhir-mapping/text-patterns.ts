/**
 * Text fallbacks, for facts that often arrive without a standard code (rules.md §2, "Facts with
 * no standard code"). Each pattern is documented in docs/data-mapping.md and pinned by tests.
 * Text is only consulted when no code decides.
 */

const LU177_NAME = /lutathera|(\blu(tetium)?\s*[-(]?\s*177\s*\)?|\b177\s*-?\s*lu(tetium)?\b|\blu177\b|\[177lu\])/i;
const DOTATATE = /dota[\s-]*tate|oxodotreotide/i;
/**
 * Never Lu-177 dotatate: Lu-177 vipivotide tetraxetan (Pluvicto) and other PSMA ligands, alpha
 * emitters (Ac-225, Pb-212 dotamtate) and the diagnostic SSTR tracers (Ga-68, Cu-64).
 */
const NOT_LU177_DOTATATE =
  /vipivotide|pluvicto|psma|\bac[\s-]*225\b|actinium|\bpb[\s-]*212\b|lead[\s-]*212|dotamtate|\bga[\s-]*68\b|gallium|\bcu[\s-]*64\b|copper|68\s*ga\b|64\s*cu\b/i;

export function namesLu177Dotatate(text: string): boolean {
  if (NOT_LU177_DOTATATE.test(text)) return false;
  if (/lutathera/i.test(text)) return true;
  return LU177_NAME.test(text) && DOTATATE.test(text);
}

/** Radionuclide therapies: an SSTR imaging text must not be a therapy record. */
const THERAPY_RADIONUCLIDE = /lutathera|\blu(tetium)?[\s-]*\(?177|177\s*-?\s*lu|\by(ttrium)?[\s-]*90\b|90\s*y\b|\bac[\s-]*225|\bpb[\s-]*212/i;
const SSTR_TRACER = /dota[\s-]*tate|dota[\s-]*toc|edotreotide|oxodotreotide|pentetreotide|netspot|detectnet|octreoscan/i;
const SSTR_WORDS = /somatostatin[\s-]*receptor|\bsstr\b|\bsrs\b/i;
const IMMUNOHISTOCHEMISTRY = /immunohisto|\bihc\b|immuno[\s-]*stain|\bstain(ing)?\b/i;

/** A text naming an SSTR imaging tracer (and not a therapy, not immunohistochemistry). */
export function namesSstrTracer(text: string): boolean {
  return SSTR_TRACER.test(text) && !THERAPY_RADIONUCLIDE.test(text) && !IMMUNOHISTOCHEMISTRY.test(text);
}

/** "Somatostatin receptor" wording, for imaging-category resources that name no tracer. */
export function namesSomatostatinReceptor(text: string): boolean {
  return SSTR_WORDS.test(text) && !IMMUNOHISTOCHEMISTRY.test(text);
}

export function namesImmunohistochemistry(text: string): boolean {
  return IMMUNOHISTOCHEMISTRY.test(text);
}

/** Mitotic count or rate (there is no verified LOINC code for it). */
export function namesMitoticCount(text: string): boolean {
  return /\bmito(tic|ses|sis)\b/i.test(text) && !/ki[\s-]*67/i.test(text);
}

/** Medication names, for orders and histories recorded with text only. */
export const MEDICATION_NAMES = {
  octreotide: /octreotide|sandostatin/i,
  lanreotide: /lanreotide|somatuline/i,
  /** Formulation markers of a long-acting octreotide. */
  longActingMarker: /\blar\b|depot|long[\s-]*acting|suspension|\bextended\b|microspheres/i,
  everolimus: /everolimus|afinitor/i,
  cabozantinib: /cabozantinib|cabometyx|cometriq/i,
  telotristat: /telotristat|xermelo/i,
  surufatinib: /surufatinib|sulanda/i,
  interferonAlfa: /interferon[\s-]*(alfa|alpha)|\bifn[\s-]*(a|α|alfa|alpha)\b|intron[\s-]*a\b|peginterferon[\s-]*alfa|sylatron/i,
  chemotherapy:
    /capecitabine|xeloda|temozolomide|temodar|streptozo[ct]in|zanosar|fluorouracil|\b5[\s-]*fu\b|oxaliplatin|eloxatin|dacarbazine|doxorubicin|adriamycin|paclitaxel|docetaxel|cabazitaxel|taxane|topotecan|hycamtin|gemcitabine|gemzar|\bcaptem\b|\bfolfox|\bcapox\b|\bxelox\b|\bfolfiri/i,
  investigational:
    /pembrolizumab|nivolumab|ipilimumab|atezolizumab|durvalumab|avelumab|cemiplimab|spartalizumab|tislelizumab|dostarlimab|tremelimumab|pazopanib|lenvatinib|bevacizumab|dotamtate|alphamedix|\bpb[\s-]*212\b|lead[\s-]*212|\bac[\s-]*225\b|actinium[\s-]*225|ryz101/i,
  y90Dotatoc: /(\by(ttrium)?[\s-]*90\b|\b90\s*y\b).*(dota[\s-]*toc|edotreotide)|(dota[\s-]*toc|edotreotide).*(\by(ttrium)?[\s-]*90\b|\b90\s*y\b)/i,
  everolimusTransplant: /zortress|certican/i,
} as const;

/** Markers of a GI primary site in a Condition.bodySite text (for site-unspecified NET codes). */
export const GI_SITE_TEXT =
  /stomach|gastric|duoden|jejun|\bile(um|al)\b|small[\s-]*(intestin|bowel)|append|c(a)?ecum|c(a)?ecal|colon|colorectal|rect(um|al)|midgut|hindgut|intestin|bowel/i;

/** A text naming a cancer, used to find "another active cancer" coded outside ICD-10-CM. */
export const OTHER_CANCER_TEXT = /malignan|carcinoma|cancer|lymphoma|leuk(a)?emia|sarcoma|melanoma|myeloma|blastoma/i;
export const NET_OR_SPREAD_TEXT = /neuroendocrine|carcinoid|metasta|secondary|\bnet\b/i;
