import { z } from 'zod';
import { FOLLOW_UP_EVENT_TYPES, REVIEW_EVENT_TYPES } from './follow-up-events.js';
import { IdSchema, JsonValueSchema, TimestampSchema } from './primitives.js';

/** What happened on a contact's timeline. Later capabilities add their kinds here. */
export const ACTIVITY_TYPES = [
  'contact.created',
  'conversation.started',
  'message',
  'escalation',
  'fields.updated',
  'contact.promoted',
  'contact.identified',
  'contact.merged',
  'contact.unmerged',
  'identity.conflict',
  'order.placed',
  'note.added',
  'flow.ran',
  'score.changed',
  'status.changed',
  'stage.changed',
  'grade.changed',
  'consent.changed',
  'contact.imported',
  ...FOLLOW_UP_EVENT_TYPES,
  ...REVIEW_EVENT_TYPES,
] as const;
export const ActivityTypeSchema = z.enum(ACTIVITY_TYPES);
export type ActivityType = z.infer<typeof ActivityTypeSchema>;

/** Who caused an activity. */
export const ActorSchema = z.object({
  /** `user` a person on the team, `ai` the assistant, `host` the host's system, `import` a file import. */
  kind: z.enum(['system', 'host', 'bot', 'user', 'ai', 'import']),
  id: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

/** One append-only entry of a contact's activity timeline. */
export const ActivitySchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  contactId: IdSchema,
  type: ActivityTypeSchema,
  at: TimestampSchema,
  actor: ActorSchema.optional(),
  /** The event that caused it, when there was one: links the timeline to intake for replays and unmerge. */
  eventId: z.string().max(200).optional(),
  data: z.record(z.string(), JsonValueSchema),
});
export type Activity = z.infer<typeof ActivitySchema>;

/** A timeline entry before the service gives it an id: what a pure decision returns. */
export type ActivityDraft = Omit<Activity, 'id'>;
