import { z } from 'zod';
import { type ChatEventInput, ChatEventSchema } from '../model/chat-event.js';
import { parseInput } from '../model/parse.js';
import { IdSchema, TimestampInputSchema } from '../model/primitives.js';
import type { ImportCandidate } from './candidate.js';

/** Where an import's events come from, checked at the edge. */
export const CandidateEventOptionsSchema = z.object({
  workspaceId: IdSchema,
  /** One id per import run: with the row number it makes the event id, so replaying a run is a no-op. */
  importId: IdSchema,
  /** When the import ran (the caller's clock). */
  occurredAt: TimestampInputSchema,
  /**
   * `host` (default): the file's values overwrite; `bot`: they only fill gaps; `import`: they overwrite
   * import and bot values, never a person's or the host's (what the import service uses).
   */
  profileOrigin: z.enum(['host', 'bot', 'import']).default('host'),
});
export type CandidateEventOptions = z.input<typeof CandidateEventOptionsSchema>;

/**
 * Turns an import candidate into the chat event live intake takes, so an import resolves identities
 * exactly as intake does (one contact per known identity, duplicates inside the file caught by the same
 * rules). The event id is `import:<importId>:<row>`. What a chat event cannot carry is left for the
 * service to apply after resolution: `moreIdentities`, `consents`, `stats` and `notes`.
 *
 * @throws {@link ValidationError} for bad options (an empty workspace id, an unreadable time).
 *
 * @example
 * ```ts
 * const events = batch.flatMap((r) => (r.ok ? [candidateToChatEvent(r.candidate, { workspaceId, importId, occurredAt: now })] : []));
 * await service.ingestBatch(events);
 * ```
 */
export function candidateToChatEvent(
  candidate: ImportCandidate,
  options: CandidateEventOptions,
): ChatEventInput {
  const { workspaceId, importId, occurredAt, profileOrigin } = parseInput(
    CandidateEventOptionsSchema,
    options,
    'options',
  );
  const event: ChatEventInput = {
    workspaceId,
    eventId: `import:${importId}:${candidate.row}`,
    occurredAt,
    type: 'profile',
    channel: 'import',
    identities: candidate.identities,
    ...(candidate.country ? { country: candidate.country } : {}),
    profile: candidate.profile,
    profileOrigin,
    source: 'import',
    ...(candidate.tags.length > 0 ? { tags: candidate.tags } : {}),
    ...(Object.keys(candidate.customFields).length > 0 ? { customFields: candidate.customFields } : {}),
  };
  // The one door: whatever reaches intake has passed the chat event schema.
  parseInput(ChatEventSchema, event, 'event');
  return event;
}
