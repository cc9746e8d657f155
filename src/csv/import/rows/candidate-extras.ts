import { extractClaims, type IdentityClaim, type NormalizedValue } from '../../../identity/claims.js';
import type { EventIdentities } from '../../../model/chat-event.js';
import { BUILTIN_IDENTITY_TYPES } from '../../../model/identity.js';
import type { WorkspaceConfig } from '../../../model/workspace-config.js';
import type { ColumnMapping } from '../map/map-columns.js';
import type { ImportCandidate, ImportConsent } from './candidate.js';

/** What a row brings that a chat event cannot carry, applied after resolution. */
export interface CandidateExtras {
  readonly identities: ReadonlyArray<{ type: string; value: string }>;
  readonly consents: readonly ImportConsent[];
  readonly stats: ImportCandidate['stats'];
  readonly notes: readonly string[];
}

/**
 * A row's extras: its identities beyond the ones intake resolves it by, its consents and notes, and its
 * totals when it has any; undefined when it brings none of them. Pure.
 */
export function candidateExtras(
  candidate: ImportCandidate,
  identities: ReadonlyArray<{ type: string; value: string }>,
): CandidateExtras | undefined {
  const consents = candidate.consents ?? [];
  const notes = candidate.notes ?? [];
  const stats =
    candidate.stats && (candidate.stats.orders !== undefined || candidate.stats.amountSpent !== undefined)
      ? candidate.stats
      : undefined;
  if (identities.length === 0 && consents.length === 0 && notes.length === 0 && !stats) return undefined;
  return { identities, consents, stats, notes };
}

const BUILTIN = new Set<string>(BUILTIN_IDENTITY_TYPES);

/**
 * The claims of a row's extra identities, normalised as an import's (channel `import`, the row's
 * country). Pure (the cache changes no result).
 */
export function extraClaims(
  identities: ReadonlyArray<{ type: string; value: string }>,
  config: WorkspaceConfig,
  country: string | undefined,
  cache?: Map<string, NormalizedValue | string>,
): IdentityClaim[] {
  const out: IdentityClaim[] = [];
  for (const { type, value } of identities) {
    const { claims } = extractClaims(eventIdentitiesOf(type, value), config, {
      channel: 'import',
      country,
      ...(cache ? { cache } : {}),
    });
    out.push(...claims);
  }
  return out;
}

/** One identity as an event's identities: a built-in type by its name, any other under `custom`. */
export function eventIdentitiesOf(type: string, value: string): EventIdentities {
  return BUILTIN.has(type) ? { [type]: value } : { custom: { [type]: value } };
}

/** Identity type → the header of the first column mapped to it. */
export function identityHeaders(mapping: ColumnMapping): Map<string, string> {
  const out = new Map<string, string>();
  for (const column of mapping.columns) {
    if (column.target.kind === 'identity' && !out.has(column.target.type))
      out.set(column.target.type, column.header);
  }
  return out;
}
