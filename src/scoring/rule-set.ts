import type { ScoringConfig, ScoringRule } from './config.js';
import { createKeywordMatcher } from './keywords.js';

/** A scoring configuration prepared for matching: rules by id, by intent and by action, and phrases. */
export interface CompiledRuleSet {
  readonly config: ScoringConfig;
  readonly version: string;
  readonly byId: ReadonlyMap<string, ScoringRule>;
  readonly byIntent: ReadonlyMap<string, readonly ScoringRule[]>;
  readonly byAction: ReadonlyMap<string, readonly ScoringRule[]>;
  readonly keywordRules: readonly ScoringRule[];
  /** For each of `keywordRules`, the phrase a text matched, if any. */
  readonly matchKeywords: (text: string) => (string | undefined)[];
  /** A category's weight (1 when the configuration does not list it). */
  weightOf(category: string): number;
}

// Compiling builds the phrase table; a workspace's configuration object is compiled once.
const compiled = new WeakMap<ScoringConfig, CompiledRuleSet>();

function index(rules: readonly ScoringRule[], names: (rule: ScoringRule) => readonly string[]) {
  const map = new Map<string, ScoringRule[]>();
  for (const rule of rules) {
    for (const name of names(rule)) {
      const list = map.get(name) ?? [];
      if (!list.includes(rule)) list.push(rule);
      map.set(name, list);
    }
  }
  return map;
}

/**
 * Prepares a parsed scoring configuration for matching. The result is cached per configuration
 * object, so calling this on every event costs a map lookup.
 *
 * @example
 * ```ts
 * const rules = compileRuleSet(parseScoringConfig({}));
 * rules.byAction.get('order')?.map((r) => r.id) // ['purchase']
 * ```
 */
export function compileRuleSet(config: ScoringConfig): CompiledRuleSet {
  const cached = compiled.get(config);
  if (cached) return cached;
  const keywordRules = config.rules.filter((r) => r.kind === 'keyword');
  const weights = new Map(Object.entries(config.categoryWeights));
  const result: CompiledRuleSet = {
    config,
    version: config.version,
    byId: new Map(config.rules.map((r) => [r.id, r])),
    byIntent: index(config.rules, (r) => (r.kind === 'intent' ? r.intents : [])),
    byAction: index(config.rules, (r) => (r.kind === 'action' ? r.actions : [])),
    keywordRules,
    matchKeywords: createKeywordMatcher(
      keywordRules.map((r) => (r.kind === 'keyword' ? r.phrases : [])),
      config.scanChars,
    ),
    weightOf: (category) => weights.get(category) ?? 1,
  };
  compiled.set(config, result);
  return result;
}
