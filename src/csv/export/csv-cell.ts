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
 * Writes one CSV cell: neutralized, then quoted when it holds the delimiter, a quote, a newline or
 * leading/trailing space (quotes doubled), per RFC 4180.
 *
 * @example
 * ```ts
 * csvCell('Lima, Ana') // "\"Lima, Ana\""
 * ```
 */
export function csvCell(value: string, delimiter = ','): string {
  const safe = neutralizeFormula(value);
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
export function csvLine(values: readonly string[], delimiter = ','): string {
  return `${values.map((v) => csvCell(v, delimiter)).join(delimiter)}\r\n`;
}
