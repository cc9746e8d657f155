/**
 * JSON that keeps `Date`s. Records put Dates where JSON has none (custom fields, contact stats), and the
 * conformance suite compares what comes back with `deepEqual`, so a Date must come back as a Date and not
 * as an ISO string. Each Date is written as `{"$date":"<ISO>"}`: no stored value is an object with that
 * single key (custom field values are scalars, lists or Dates), so reading it back is unambiguous, and
 * the ISO form still sorts and compares in SQL (`custom_fields->'renewsAt'->>'$date'`).
 */

const DATE_TAG = '$date';

/**
 * `value` with every Date replaced by its tag; parts without Dates are returned as they are, not
 * copied. Walking first and stringifying plainly is several times faster than a JSON.stringify
 * replacer, which calls back into JavaScript for every key.
 */
function tagDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) {
    return { [DATE_TAG]: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const tagged = tagDates(item);
      if (tagged !== item) {
        out ??= value.slice();
        out[i] = tagged;
      }
    }
    return out ?? value;
  }
  const object = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in object) {
    const item = object[key];
    const tagged = tagDates(item);
    if (tagged !== item) {
      out ??= { ...object };
      out[key] = tagged;
    }
  }
  return out ?? object;
}

/** Serializes plain data to JSON text, tagging every `Date`. Undefined object keys are dropped. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(tagDates(value));
}

function isDateTag(value: Record<string, unknown>): boolean {
  if (typeof value[DATE_TAG] !== 'string') return false;
  for (const key in value) if (key !== DATE_TAG) return false;
  return true;
}

/**
 * Turns tagged dates back into `Date`s, in place. Takes what the driver gave: JSON text (SQLite) or an
 * already parsed value (pg and PGlite parse `jsonb` themselves).
 */
export function decodeJson(stored: unknown): unknown {
  if (typeof stored !== 'string') return revive(stored);
  const value = JSON.parse(stored) as unknown;
  // Most text holds no Date: skip the walk. (The tag's key is always written as `"$date"`:
  // JSON.stringify escapes no `$`.)
  return stored.includes(`"${DATE_TAG}"`) ? revive(value) : value;
}

function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  if (isDateTag(object)) return new Date(object[DATE_TAG] as string);
  for (const key in object) object[key] = revive(object[key]);
  return object;
}
