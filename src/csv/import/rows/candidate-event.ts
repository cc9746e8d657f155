import { z } from 'zod';
import {
  type ChatEvent,
  type ChatEventInput,
  ChatEventSchema,
  IMPORT_CHANNEL,
} from '../../../model/chat-event.js';
import { parseInput } from '../../../model/parse.js';
import { IdSchema, TimestampInputSchema } from '../../../model/primitives.js';
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
 * @throws {@link contactkit!ValidationError} for bad options (an empty workspace id, an unreadable time).
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
    channel: IMPORT_CHANNEL,
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

/** Options for {@link candidateEvent}, as {@link CandidateEventOptionsSchema} parses them. */
export type ParsedCandidateEventOptions = z.output<typeof CandidateEventOptionsSchema>;

/**
 * {@link candidateToChatEvent} for options parsed once per import, giving the event as ChatEventSchema
 * parses it, without parsing it: every part of the event is either one of those options or a part of a
 * candidate, which passed ImportCandidateSchema, whose identities, profile, tags and custom fields are
 * the chat event's schemas (tags normalized, so already trimmed). For the import service, which hands
 * the events to intake as parsed; a candidate from anywhere else should go through
 * {@link candidateToChatEvent}.
 *
 * @internal
 * @example
 * ```ts
 * const options = parseInput(CandidateEventOptionsSchema, { workspaceId, importId, occurredAt });
 * const event = candidateEvent(candidate, options);
 * ```
 */
export function candidateEvent(candidate: ImportCandidate, options: ParsedCandidateEventOptions): ChatEvent {
  // Keys in the schema's order, optional ones only when present, as parsing gives.
  const { workspaceId, occurredAt, profileOrigin } = options;
  const eventId = `import:${options.importId}:${candidate.row}`;
  const { identities, profile, country } = candidate;
  const type = 'profile';
  const channel = IMPORT_CHANNEL;
  const source = 'import';
  const event: ChatEvent = country
    ? { workspaceId, eventId, occurredAt, type, channel, identities, country, profile, profileOrigin, source }
    : { workspaceId, eventId, occurredAt, type, channel, identities, profile, profileOrigin, source };
  if (candidate.tags.length > 0) event.tags = candidate.tags;
  if (Object.keys(candidate.customFields).length > 0) event.customFields = candidate.customFields;
  return event;
}
