import { z } from 'zod';
import { ClassificationConfigSchema } from '../classify/config.js';
import { MarkerRulesSchema } from '../followups/markers.js';
import { FollowUpConfigSchema } from '../followups/settings.js';
import { ReviewRulesSchema } from '../review/rules.js';
import { ScoringConfigSchema } from '../scoring/config.js';
import { IdentityTypeSchema } from './identity.js';
import { CountryCodeSchema } from './primitives.js';

/** Default resolution priority: the strongest identifier first. */
export const DEFAULT_IDENTITY_PRIORITY = [
  'userId',
  'email',
  'phone',
  'whatsapp',
  'telegram',
  'messenger',
  'instagram',
  'cookie',
] as const;

/** Values that are never matched on, whatever the workspace adds. Compared after normalization. */
export const BUILTIN_BLOCKED_VALUES = [
  'null',
  'undefined',
  'none',
  'n/a',
  'test@test.com',
  'unknown',
] as const;

/** Longest blocked pattern: patterns are globs matched in linear time, and bounded besides. */
export const MAX_BLOCKED_PATTERN_LENGTH = 200;

/**
 * One blocked identity value: an exact value, or a glob pattern (`*` any run of characters, `?` one),
 * for every type or for one. Compared with the normalized value, case- and accent-insensitively.
 */
export const BlockedEntrySchema = z.union([
  z.string().min(1).max(1024),
  z
    .object({
      value: z.string().min(1).max(1024).optional(),
      pattern: z.string().min(1).max(MAX_BLOCKED_PATTERN_LENGTH).optional(),
      /** Only for identities of this type (`email`, `cookie`, …). Default: every type. */
      type: IdentityTypeSchema.optional(),
    })
    .refine((e) => (e.value === undefined) !== (e.pattern === undefined), {
      message: 'a blocked entry has a value or a pattern, not both',
    }),
]);
export type BlockedEntry = z.infer<typeof BlockedEntrySchema>;

/** Most identities of each type a contact may hold, unless `limits` says otherwise (Segment's default). */
export const DEFAULT_IDENTITY_LIMIT = 5;

export const IdentityRulesSchema = z.object({
  /** Resolution order. Types not listed rank after the listed ones, in alphabetical order. */
  priority: z.array(IdentityTypeSchema).default([...DEFAULT_IDENTITY_PRIORITY]),
  /**
   * Most identities of a type one contact may hold. Types not listed may have `defaultLimit` each, so
   * one shared address (`info@company.com`) cannot gather a "blob" contact. Default: one `userId`.
   */
  limits: z.record(IdentityTypeSchema, z.number().int().min(1)).default({ userId: 1 }),
  /** The limit of every type `limits` does not list; `null` for none. Default 5. */
  defaultLimit: z.number().int().min(1).nullable().default(DEFAULT_IDENTITY_LIMIT),
  /**
   * Values never matched on (e.g. a shared office cookie), as exact values or glob patterns, for every
   * type or for one; added to {@link BUILTIN_BLOCKED_VALUES} unless `builtinBlocked` is off.
   */
  blocked: z.array(BlockedEntrySchema).max(10_000).default([]),
  /** Block the built-in placeholders (`null`, `undefined`, `test@test.com`, all zeros…). Default on. */
  builtinBlocked: z.boolean().default(true),
  /**
   * Which contact keeps its id when several are merged: `stable` (default) the one with a userId, else
   * a customer over a lead, else the oldest, so ids hosts store stay valid; `priority` the one holding
   * the event's highest-priority identity.
   */
  survivorship: z.enum(['stable', 'priority']).default('stable'),
  /**
   * An event with no usable identity (none given, or only blocked or invalid ones): `anonymous`
   * (default) goes to its conversation's contact, or makes an anonymous contact that the
   * conversation's later events find; `reject` refuses it with a ValidationError.
   */
  withoutIdentity: z.enum(['anonymous', 'reject']).default('anonymous'),
  /**
   * When an event shows that several contacts are one person, merge them:
   * `safe` whenever the merged contact breaks no limit (two different userIds never are);
   * `anonymous` only to fold a contact that holds no userId, email or phone into another;
   * `never` report a conflict instead.
   */
  autoMerge: z.enum(['safe', 'anonymous', 'never']).default('safe'),
});

export const PromotionRulesSchema = z.object({
  /** A lead becomes a customer when the host identifies it with a `userId`. */
  onIdentify: z.boolean().default(true),
  /** A lead becomes a customer on its first order. */
  onFirstOrder: z.boolean().default(false),
});

export const DedupeRulesSchema = z.object({
  /**
   * Match probability at or above which a duplicate scan stores a suggestion for people to accept or
   * reject.
   */
  suggestThreshold: z.number().gt(0).lt(1).default(0.9),
  /**
   * Match probability at or above which a scan merges the pair itself, without asking. `null` (the
   * default) never merges automatically: a wrong merge hurts more than a missed one.
   */
  autoMergeThreshold: z.number().gt(0).max(1).nullable().default(null),
});

export const RetentionDefaultsSchema = z.object({
  /** Keep flow runs when their contact is deleted. */
  keepFlowRunsOnDelete: z.boolean().default(true),
  /** Archive contacts not seen for this many days; `null` never archives. */
  archiveAfterInactiveDays: z.number().int().min(1).nullable().default(365),
  /**
   * Purge (erase every row of) deleted contacts this many days after their deletion: the grace period in
   * which a deletion can still be looked into. `null` never purges.
   */
  purgeAfterDeletedDays: z.number().int().min(0).nullable().default(30),
});

export const PrivacyRulesSchema = z.object({
  /**
   * What erasure does with the contact's conversations: `unlink` keeps them (the workspace's own
   * history) without the link to the person; `delete` removes them.
   */
  conversationsOnErasure: z.enum(['delete', 'unlink']).default('unlink'),
});

/**
 * Per-workspace configuration. Every rule has a default, so `WorkspaceConfigSchema.parse({})` is a
 * complete, working configuration.
 */
export const WorkspaceConfigSchema = z.object({
  /** Default country for phone numbers when the record gives none. */
  defaultCountry: CountryCodeSchema.optional(),
  identity: IdentityRulesSchema.prefault({}),
  promotion: PromotionRulesSchema.prefault({}),
  dedupe: DedupeRulesSchema.prefault({}),
  retention: RetentionDefaultsSchema.prefault({}),
  privacy: PrivacyRulesSchema.prefault({}),
  /** Status, stage, sentiment, flags, completeness and spend (see `classifyContact`). */
  classification: ClassificationConfigSchema.prefault({}),
  /** Lead scoring rules, category weights, grades and temperature (see `applySignals`). */
  scoring: ScoringConfigSchema.prefault({}),
  /** Automatic follow-ups: triggers, timing, quiet hours, channels (see `dueFollowUps`). */
  followUps: FollowUpConfigSchema.prefault({}),
  /** When a person must review a conversation (see `reviewFlags`). */
  review: ReviewRulesSchema.prefault({}),
  /** Keyword rules that mark questions, promises and intents for hosts without a model. */
  markers: MarkerRulesSchema.prefault({}),
});
export type WorkspaceConfig = z.output<typeof WorkspaceConfigSchema>;
export type WorkspaceConfigInput = z.input<typeof WorkspaceConfigSchema>;

/** The configuration a workspace gets when it sets nothing. */
export const DEFAULT_WORKSPACE_CONFIG: WorkspaceConfig = WorkspaceConfigSchema.parse({});
