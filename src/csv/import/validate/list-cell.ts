/**
 * Splits a cell that holds a list (`"VIP","Blog"`, `vip; trial`, `a@x.com, b@y.com`) on any of
 * `separators`. A part that starts with a double quote (after white space) is quoted: separators inside
 * it are text, and `""` is one quote. A quote anywhere else is a plain character (`5" screen`). Parts
 * are returned as read; the caller trims or normalizes them.
 *
 * @example
 * ```ts
 * splitListCell('"a;b"; c', ';') // ['a;b', ' c']
 * splitListCell('"VIP","Blog"', ',;') // ['VIP', 'Blog']
 * ```
 */
export function splitListCell(cell: string, separators: string): string[] {
  if (!cell.includes('"')) return splitPlain(cell, separators);
  const out: string[] = [];
  let current = '';
  let quoted = false;
  // Whether only white space was read since the part started: a quote there opens a quoted part.
  let atStart = true;
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (quoted) {
      if (c !== '"') current += c;
      else if (cell[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = false;
    } else if (separators.includes(c)) {
      out.push(current);
      current = '';
      atStart = true;
    } else if (c === '"' && atStart) {
      quoted = true;
      atStart = false;
      current = '';
    } else {
      current += c;
      if (atStart && c.trim() !== '') atStart = false;
    }
  }
  out.push(current);
  return out;
}

function splitPlain(cell: string, separators: string): string[] {
  if (separators.length === 1) return cell.split(separators);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < cell.length; i++) {
    if (separators.includes(cell[i]!)) {
      out.push(cell.slice(start, i));
      start = i + 1;
    }
  }
  out.push(cell.slice(start));
  return out;
}

/**
 * Writes a list into one cell so that {@link splitListCell} gives it back: values joined with
 * `separator`, and a value quoted (`""` for a quote inside) when it holds one of `separators` or starts
 * with a quote.
 *
 * @example
 * ```ts
 * joinListCell(['a;b', 'c'], '; ', ';') // '"a;b"; c'
 * ```
 */
export function joinListCell(values: readonly string[], separator: string, separators: string): string {
  return values
    .map((v) =>
      v.trimStart().startsWith('"') || [...separators].some((s) => v.includes(s))
        ? `"${v.replaceAll('"', '""')}"`
        : v,
    )
    .join(separator);
}
