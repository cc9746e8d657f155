import type { Issue } from '../errors/errors.js';
import type { CustomFieldDefinition, CustomFields, CustomFieldValue } from '../model/custom-field.js';

/** A workspace's live (not retired) custom field definitions, by key. */
export type FieldDefinitions = ReadonlyMap<string, CustomFieldDefinition>;

/**
 * The live definitions of a list, by key: what values are checked against. A retired definition no
 * longer checks or requires anything; its values stay on contacts.
 *
 * @example
 * ```ts
 * const defs = liveDefinitions(await tx.customFieldDefinitions.find({ limit: 1000 }).then((p) => p.items));
 * ```
 */
export function liveDefinitions(definitions: readonly CustomFieldDefinition[]): FieldDefinitions {
  const live = new Map<string, CustomFieldDefinition>();
  for (const d of definitions) if (d.retiredAt === undefined) live.set(d.key, d);
  return live;
}

const isDate = (v: unknown): v is Date => v instanceof Date && !Number.isNaN(v.getTime());

/** Why a value does not fit its definition, or undefined when it does. `null` always fits (it clears). */
function misfit(value: CustomFieldValue, def: CustomFieldDefinition): string | undefined {
  if (value === null) return undefined;
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? undefined : 'expected text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'date':
      return isDate(value) ? undefined : 'expected a date';
    case 'select':
      if (typeof value !== 'string') return 'expected one of the options';
      return def.options?.includes(value) ? undefined : `not one of ${JSON.stringify(def.options ?? [])}`;
    case 'multi-select': {
      if (!Array.isArray(value)) return 'expected a list of options';
      const bad = value.find((v) => !def.options?.includes(v));
      return bad === undefined ? undefined : `"${bad}" is not one of ${JSON.stringify(def.options ?? [])}`;
    }
    case 'list':
      return Array.isArray(value) ? undefined : 'expected a list';
  }
}

/**
 * Checks custom field values against a workspace's definitions: each defined key's value must fit its
 * type (and options); keys without a definition are free. With `requireAll`, every required field must
 * end up with a value in `result` (a contact made or edited by hand). Returns the issues, each naming
 * the field; none when all is well. Pure.
 *
 * @example
 * ```ts
 * checkCustomFields({ tier: 'bronze' }, defs, 'customFields')
 * // → [{ field: 'customFields.tier', value: 'bronze', reason: 'not one of ["gold","silver"]' }]
 * ```
 */
export function checkCustomFields(
  values: CustomFields,
  definitions: FieldDefinitions,
  prefix: string,
  requireAll?: { readonly result: CustomFields },
): Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(values)) {
    const def = definitions.get(key);
    if (!def) continue;
    const reason = misfit(values[key] as CustomFieldValue, def);
    if (reason)
      issues.push({ field: `${prefix}.${key}`, value: values[key], reason: `${def.label}: ${reason}` });
  }
  if (requireAll) {
    for (const def of definitions.values()) {
      const value = Object.hasOwn(requireAll.result, def.key) ? requireAll.result[def.key] : undefined;
      if (def.required && (value === undefined || value === null || value === '')) {
        issues.push({ field: `${prefix}.${def.key}`, value: undefined, reason: `${def.label} is required` });
      }
    }
  }
  return issues;
}

/**
 * A value read from text (a CSV cell, a form) as its definition's type: `"12"` for a number field,
 * `"yes"` for a boolean, an ISO date, `"a; b"` for a multi-select. Returns the text itself when it does
 * not read as the type, so that {@link checkCustomFields} reports it. Pure.
 *
 * @example
 * ```ts
 * coerceCustomField('1,234.5', { type: 'number', … }) // 1234.5
 * ```
 */
export function coerceCustomField(
  text: string,
  def: Pick<CustomFieldDefinition, 'type' | 'options'>,
): CustomFieldValue {
  const t = text.trim();
  switch (def.type) {
    case 'number': {
      const n = Number(t.replace(/,(?=\d{3}\b)/g, ''));
      return t !== '' && Number.isFinite(n) ? n : text;
    }
    case 'boolean': {
      const v = t.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(v)) return true;
      if (['false', 'no', 'n', '0'].includes(v)) return false;
      return text;
    }
    case 'date': {
      const d = new Date(t);
      return /^\d{4}-\d{2}-\d{2}/.test(t) && !Number.isNaN(d.getTime()) ? d : text;
    }
    case 'multi-select':
    case 'list':
      return t === '' ? [] : t.split(/\s*[;|]\s*/);
    default:
      return text;
  }
}
