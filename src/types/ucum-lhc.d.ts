/** Minimal typing of the parts of @lhncbc/ucum-lhc this service uses (the package ships none). */
declare module '@lhncbc/ucum-lhc' {
  interface ConversionResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  interface UcumLhcUtils {
    convertUnitTo(fromUnit: string, fromVal: number, toUnit: string, options?: { molecularWeight?: number }): ConversionResult;
    validateUnitString(unit: string): { status: string; ucumCode: string | null; msg: string[] };
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
