import { z } from 'zod';
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

export const IdentityRulesSchema = z.object({
  /** Resolution order. Types not listed rank after the listed ones, in alphabetical order. */
  priority: z.array(IdentityTypeSchema).default([...DEFAULT_IDENTITY_PRIORITY]),
  /** Most identities of a type one contact may hold; types not listed are unlimited. */
  limits: z.record(IdentityTypeSchema, z.number().int().min(1)).default({ userId: 1 }),
  /** Values never matched on, added to {@link BUILTIN_BLOCKED_VALUES} (e.g. a shared office cookie). */
  blockedValues: z.array(z.string()).default([]),
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

export const RetentionDefaultsSchema = z.object({
  /** Keep flow runs when their contact is deleted. */
  keepFlowRunsOnDelete: z.boolean().default(true),
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
  retention: RetentionDefaultsSchema.prefault({}),
});
export type WorkspaceConfig = z.output<typeof WorkspaceConfigSchema>;
export type WorkspaceConfigInput = z.input<typeof WorkspaceConfigSchema>;

/** The configuration a workspace gets when it sets nothing. */
export const DEFAULT_WORKSPACE_CONFIG: WorkspaceConfig = WorkspaceConfigSchema.parse({});
