/**
 * The deterministic rules people write before any matching engine, as clusterings to score beside it:
 * "same email (lower-cased)" and "same email, or same last 9 phone digits".
 */

/**
 * Clusters of records sharing any one exact key (null keys join nothing): union–find over key owners.
 * Keys are compared across lists, so a number in a phone column meets the same number in a WhatsApp
 * column; give keys of different kinds different prefixes. Each record's label is its cluster's root.
 */
export function exactKeyClusters(n: number, keyLists: readonly (readonly (string | null)[])[]): string[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  for (const keys of keyLists) {
    keys.forEach((key, i) => {
      if (key === null) return;
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    });
  }
  return parent.map((_, i) => String(find(i)));
}

/** The email key of the "same email" rule: trimmed and lower-cased, null when empty. */
export function emailKey(value: string | null | undefined): string | null {
  const key = (value ?? '').trim().toLowerCase();
  return key.length > 0 ? key : null;
}

/** The phone key of the "same phone" rule: the last 9 digits, null with fewer than 9. */
export function phoneKey(value: string | null | undefined): string | null {
  const d = (value ?? '').replace(/\D/g, '');
  return d.length >= 9 ? d.slice(-9) : null;
}

/** Both deterministic baselines over records' email and phone columns (several phone columns allowed). */
export function deterministicBaselines(
  records: readonly { readonly values: Readonly<Record<string, string | null | undefined>> }[],
  emailColumns: readonly string[],
  phoneColumns: readonly string[],
): { readonly sameEmail: string[]; readonly sameEmailOrPhone: string[] } {
  const n = records.length;
  const prefixed = (prefix: string, key: string | null) => (key === null ? null : `${prefix}${key}`);
  const emails = emailColumns.map((c) => records.map((r) => prefixed('e:', emailKey(r.values[c]))));
  const phones = phoneColumns.map((c) => records.map((r) => prefixed('p:', phoneKey(r.values[c]))));
  return {
    sameEmail: exactKeyClusters(n, emails),
    sameEmailOrPhone: exactKeyClusters(n, [...emails, ...phones]),
  };
}
