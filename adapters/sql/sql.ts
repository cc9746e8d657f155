/*
 * SQL text and its parameters, built together so they never drift apart: a tagged template whose
 * interpolations are bound as parameters, unless they are fragments themselves. The dialect only
 * decides how a placeholder is spelled (`?` or `$n`), when the statement is rendered.
 */

/** A piece of SQL with the values bound in it, in order. */
export class Sql {
  constructor(
    readonly parts: readonly string[],
    readonly values: readonly unknown[],
    /**
     * The text with every value a `?`, when known up front: a dialect whose placeholders are all `?`
     * then renders the fragment in one piece (a multi-row insert has thousands of values).
     */
    readonly questionMarked?: string,
  ) {}
}

/**
 * SQL with bound values: `sql\`SELECT … WHERE id = ${id}\`` binds `id`; an interpolated {@link Sql}
 * is inlined with its own values.
 *
 * @example
 * ```ts
 * const q = sql`SELECT id FROM contacts WHERE workspace_id = ${ws} AND ${raw('deleted_at IS NULL')}`;
 * ```
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** SQL text inlined as it is: only ever names and keywords the library writes, never input. */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

/** Fragments joined by a separator. */
export function join(items: readonly Sql[], separator = ', '): Sql {
  if (items.length === 0) return raw('');
  const parts: string[] = [''];
  const values: unknown[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts[parts.length - 1] += separator;
    values.push(item);
    parts.push('');
  });
  return new Sql(parts, values);
}

/** A rendered statement: its text with placeholders, and the values in placeholder order. */
export interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

/** Renders a fragment with the dialect's placeholders (`placeholder(1)` for the first value). */
export function render(query: Sql, placeholder: (n: number) => string): Statement {
  const params: unknown[] = [];
  let text = '';
  const questionMarks = placeholder(1) === '?';
  const walk = (q: Sql) => {
    if (questionMarks && q.questionMarked !== undefined) {
      text += q.questionMarked;
      for (const value of q.values) params.push(value);
      return;
    }
    for (let i = 0; i < q.parts.length; i++) {
      text += q.parts[i];
      if (i < q.values.length) {
        const value = q.values[i];
        if (value instanceof Sql) walk(value);
        else {
          params.push(value);
          text += placeholder(params.length);
        }
      }
    }
  };
  walk(query);
  return { text, params };
}

/** The text of `(?, …), …` and its parts, by width and row count. */
const rowShapes = new Map<string, { text: string; parts: string[] }>();

/**
 * Bound rows as `(?, …), (?, …)`, for a dialect whose placeholders are all `?` (SQLite, MariaDB). The
 * text of a shape is built once: statement shapes repeat (chunk sizes are powers of two).
 */
export function questionMarkRows(width: number, rows: readonly (readonly unknown[])[]): Sql {
  const id = `${width}x${rows.length}`;
  let shape = rowShapes.get(id);
  if (shape === undefined) {
    const marks = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    const text = Array.from({ length: rows.length }, () => marks).join(', ');
    shape = { text, parts: text.split('?') };
    // A bound, so that odd shapes cannot pile up.
    if (rowShapes.size < 256) rowShapes.set(id, shape);
  }
  const values: unknown[] = [];
  for (const row of rows) for (const value of row) values.push(value);
  return new Sql(shape.parts, values, shape.text);
}
