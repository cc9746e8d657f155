import { BUILTIN_BLOCKED_VALUES, type WorkspaceConfig } from '../model/workspace-config.js';
import { foldText } from '../normalize/text.js';

// All zeros, with or without punctuation or a leading +: placeholder phones and ids.
const ALL_ZEROS = /^[+\s\-().]*0[0\s\-().]*$/;

/** The blocking rules of a workspace, compiled once. */
interface CompiledBlocked {
  /** Folded exact values for every type. */
  readonly anyType: ReadonlySet<string>;
  /** Folded exact values for one type, by type. */
  readonly byType: ReadonlyMap<string, ReadonlySet<string>>;
  /** Folded glob patterns, each for every type (`type` undefined) or one. */
  readonly patterns: ReadonlyArray<{ readonly glob: string; readonly type: string | undefined }>;
  /** Longest exact value: a value far longer cannot match one. */
  readonly longest: number;
  readonly builtin: boolean;
}

// Rules are parsed once per workspace config and reused, so caching by identity is safe.
const compiled = new WeakMap<WorkspaceConfig['identity'], CompiledBlocked>();

function compile(rules: WorkspaceConfig['identity']): CompiledBlocked {
  let out = compiled.get(rules);
  if (out) return out;
  const anyType = new Set<string>(rules.builtinBlocked ? BUILTIN_BLOCKED_VALUES : []);
  const byType = new Map<string, Set<string>>();
  const patterns: Array<{ glob: string; type: string | undefined }> = [];
  for (const entry of rules.blocked) {
    if (typeof entry === 'string') {
      anyType.add(foldText(entry));
    } else if (entry.pattern !== undefined) {
      patterns.push({ glob: foldText(entry.pattern), type: entry.type });
    } else if (entry.value !== undefined) {
      const value = foldText(entry.value);
      if (entry.type === undefined) anyType.add(value);
      else {
        const set = byType.get(entry.type) ?? new Set<string>();
        set.add(value);
        byType.set(entry.type, set);
      }
    }
  }
  const lengths = [...anyType, ...[...byType.values()].flatMap((s) => [...s])].map((v) => v.length);
  out = { anyType, byType, patterns, longest: Math.max(0, ...lengths), builtin: rules.builtinBlocked };
  compiled.set(rules, out);
  return out;
}

/**
 * Whether `text` matches a glob (`*` any run of characters, possibly empty; `?` exactly one). Greedy
 * with one backtrack point, so it takes at most |text| × |glob| steps whatever the input: no pattern
 * can make it backtrack catastrophically, as a regular expression could.
 *
 * @example
 * ```ts
 * globMatches('ck_office_7', 'ck_office_*') // true
 * ```
 */
export function globMatches(text: string, glob: string): boolean {
  let t = 0;
  let g = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = glob[g];
    if (c === '*') {
      star = g++;
      resume = t;
    } else if (c !== undefined && (c === '?' || c === text[t])) {
      t++;
      g++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

/**
 * Whether an identity value must never be matched on: the built-in placeholders (`null`, `undefined`,
 * `0000…`, `test@test.com`, unless the workspace switched them off), or a value or glob pattern the
 * workspace blocked, for every type or for this one. Compared with the normalized value, case- and
 * accent-insensitively.
 *
 * @example
 * ```ts
 * isBlocked('email', 'test@test.com', DEFAULT_WORKSPACE_CONFIG.identity) // true
 * isBlocked('cookie', 'ck_office_3', { ...rules, blocked: [{ pattern: 'ck_office_*', type: 'cookie' }] }) // true
 * ```
 */
export function isBlocked(type: string, value: string, rules: WorkspaceConfig['identity']): boolean {
  const blocked = compile(rules);
  if (blocked.builtin && ALL_ZEROS.test(value)) return true;
  const short = value.length <= blocked.longest * 2;
  if (!short && blocked.patterns.length === 0) return false;
  // Folding is the costly part of intake's hot path: done once, and only when something could match.
  const folded = foldText(value);
  if (short && (blocked.anyType.has(folded) || blocked.byType.get(type)?.has(folded))) return true;
  for (const p of blocked.patterns) {
    if ((p.type === undefined || p.type === type) && globMatches(folded, p.glob)) return true;
  }
  return false;
}
