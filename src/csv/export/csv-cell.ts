/**
 * OWASP's formula-injection defence: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return is
 * prefixed with `'` so a spreadsheet shows it as text instead of running it. E.164 phones stay readable
 * (`'+14155552671`), and import removes the `'` again from phone-like values.
 *
 * @example
 * ```ts
 * neutralizeFormula('=HYPERLINK("http://evil")') // "'=HYPERLINK(\"http://evil\")"
 * neutralizeFormula('+14155552671')              // "'+14155552671"
 * ```
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A cell only an arithmetic formula could be made of (digits, spaces, `+ - ( ) .`): a phone such as
 * `+14155552671` or `+44 20 7946 0958`, or a negative number. No function, reference or DDE call can
 * be written with these characters, so such a cell is safe as it is.
 */
const ARITHMETIC_ONLY = /^[+-]?[\d\s().+-]*\d[\d\s().+-]*$/;

/**
 * The formula defence of files written for another tool's importer (HubSpot, Mailchimp, Klaviyo), which
 * keep a leading `'` as part of the value: a cell that could run as a formula loses its leading `=`,
 * `+`, `-`, `@`, tabs and carriage returns instead, and nothing is added. Phones and numbers (see
 * `ARITHMETIC_ONLY`) are kept as they are, so `+14155552671` arrives as the phone it is.
 *
 * @example
 * ```ts
 * neutralizeFormulaForImport('=HYPERLINK("http://evil")') // 'HYPERLINK("http://evil")'
 * neutralizeFormulaForImport('+14155552671')              // "+14155552671"
 * neutralizeFormulaForImport('@acme')                     // "acme"
 * ```
 */
export function neutralizeFormulaForImport(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || ARITHMETIC_ONLY.test(value)) return value;
  return value.replace(/^[=+\-@\s]+/, '');
}

/** How a CSV file keeps cells from running as formulas: `'` for spreadsheets, or for importers. */
export type FormulaDefence = 'apostrophe' | 'importer';

/**
 * Writes one CSV cell: neutralized, then quoted when it holds the delimiter, a quote, a newline or
 * leading/trailing space (quotes doubled), per RFC 4180.
 *
 * @example
 * ```ts
 * csvCell('Lima, Ana') // "\"Lima, Ana\""
 * ```
 */
export function csvCell(value: string, delimiter = ',', defence: FormulaDefence = 'apostrophe'): string {
  const safe = defence === 'apostrophe' ? neutralizeFormula(value) : neutralizeFormulaForImport(value);
  const needsQuotes =
    safe.includes(delimiter) || /["\r\n]/.test(safe) || (safe.length > 0 && safe.trim() !== safe);
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One CSV line (with `\r\n`, as RFC 4180 and Excel expect), every cell through {@link csvCell}.
 *
 * @example
 * ```ts
 * csvLine(['a', 'b, c']) // 'a,"b, c"\r\n'
 * ```
 */
export function csvLine(
  values: readonly string[],
  delimiter = ',',
  defence: FormulaDefence = 'apostrophe',
): string {
  return `${values.map((v) => csvCell(v, delimiter, defence)).join(delimiter)}\r\n`;
}
