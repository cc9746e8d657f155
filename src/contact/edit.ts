import { z } from 'zod';
import { IdentityConflictError, type Issue, ValidationError } from '../errors/errors.js';
import { limitClash } from '../identity/limits.js';
import type { ChangedField } from '../intake/outcome.js';
import {
  type Contact,
  type FieldOrigin,
  type Preferences,
  PreferencesSchema,
  type Profile,
  type ProfileField,
  ProfileSchema,
} from '../model/contact.js';
import { CustomFieldKeySchema, type CustomFields, CustomFieldValueSchema } from '../model/custom-field.js';
import { type Identity, identityKeyString } from '../model/identity.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import { normalizeEmail } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { checkCustomFields, type FieldDefinitions } from './custom-fields.js';
import { applyProfileUpdate } from './profile-policy.js';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** Every profile field, each settable to a value or cleared with `null`. */
const ProfilePatchSchema = z.object(
  Object.fromEntries(
    Object.entries(ProfileSchema.shape).map(([key, schema]) => [
      key,
      nullable((schema as z.ZodOptional<z.ZodType>).unwrap()),
    ]),
  ) as { [K in keyof Profile]-?: z.ZodOptional<z.ZodNullable<z.ZodType<NonNullable<Profile[K]>>>> },
);

const TagSchema = z.string().trim().min(1).max(100);

/**
 * A change a person makes to a contact by hand. Profile fields take a value or `null` to clear;
 * an email or phone becomes an identity of the contact (the old one retired); tags are added and
 * removed; custom fields take a value or `null` to remove; preferences are replaced field by field.
 */
export const ContactPatchSchema = z.object({
  profile: ProfilePatchSchema.optional(),
  tags: z
    .object({ add: z.array(TagSchema).max(100).optional(), remove: z.array(TagSchema).max(100).optional() })
    .optional(),
  customFields: z.record(CustomFieldKeySchema, CustomFieldValueSchema).optional(),
  preferences: z
    .object(
      Object.fromEntries(
        Object.entries(PreferencesSchema.shape).map(([key, schema]) => [
          key,
          nullable((schema as z.ZodOptional<z.ZodType>).unwrap()),
        ]),
      ) as {
        [K in keyof Preferences]-?: z.ZodOptional<z.ZodNullable<z.ZodType<NonNullable<Preferences[K]>>>>;
      },
    )
    .optional(),
});
export type ContactPatch = z.output<typeof ContactPatchSchema>;
export type ContactPatchInput = z.input<typeof ContactPatchSchema>;

/** An identity an edit adds, normalized. */
export interface EditedIdentity {
  readonly type: 'email' | 'phone';
  readonly value: string;
  readonly raw: string;
  readonly extension?: string;
}

/**
 * The identities an edit's email and phone become, normalized (in the contact's country, else the
 * workspace's): what the service looks holders up for before planning the edit. An invalid value is a
 * ValidationError naming the field. Pure.
 *
 * @example
 * ```ts
 * editIdentities({ profile: { email: ' Ana@X.com ' } }, contact, config) // [{ type: 'email', value: 'ana@x.com', … }]
 * ```
 */
export function editIdentities(
  patch: ContactPatch,
  contact: Contact | undefined,
  config: WorkspaceConfig,
): EditedIdentity[] {
  const out: EditedIdentity[] = [];
  const issues: Issue[] = [];
  const email = patch.profile?.email;
  if (typeof email === 'string') {
    try {
      out.push({ type: 'email', value: normalizeEmail(email, 'profile.email').value, raw: email });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  const phone = patch.profile?.phone;
  if (typeof phone === 'string') {
    try {
      const country =
        patch.profile?.address?.country ?? contact?.profile.address?.country ?? config.defaultCountry;
      const normalized = normalizePhone(phone, { defaultCountry: country, field: 'profile.phone' });
      out.push({
        type: 'phone',
        value: normalized.value,
        raw: phone,
        ...(normalized.extension ? { extension: normalized.extension } : {}),
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/** What an edit does, decided before anything is stored. */
export interface ContactEdit {
  /** The contact after the edit (same version: the store bumps it). */
  readonly contact: Contact;
  /** Identities the contact gains. */
  readonly attach: readonly Identity[];
  /** Identities the contact loses: the email or phone it had, replaced. */
  readonly retire: readonly Identity[];
  readonly changed: readonly ChangedField[];
}

/** What {@link planContactEdit} decides from. */
export interface ContactEditInput {
  readonly contact: Contact;
  /** The identities the contact holds now. */
  readonly identities: readonly Identity[];
  readonly patch: ContactPatch;
  /** {@link editIdentities} of the patch. */
  readonly edited: readonly EditedIdentity[];
  /** The contact holding each edited identity now (`type:value` key), if any. */
  readonly holders: ReadonlyMap<string, string>;
  readonly definitions: FieldDefinitions;
  readonly config: WorkspaceConfig;
  /** Who set the values: a person (`manual`), or the host. */
  readonly origin: FieldOrigin;
  /** The channel identities it adds are recorded as coming from. */
  readonly channel: string;
  readonly now: Date;
}

const sameStrings = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Plans a change made by hand: profile values (set or cleared) under the origin's rules, an email or
 * phone that becomes the contact's identity (the one it replaces retired), tags added and removed,
 * custom fields checked against the workspace's definitions, preferences. Pure.
 *
 * @throws {@link contactkit!IdentityConflictError} when another contact holds the new email or phone, or the
 * contact would hold more of a type than the workspace allows.
 * @throws {@link contactkit!ValidationError} naming the field, for a custom field value that does not fit its
 * definition, or a required one left empty.
 *
 * @example
 * ```ts
 * const edit = planContactEdit({ contact, identities, patch: { profile: { email: 'new@x.com' } }, edited, holders,
 *   definitions, config, origin: 'manual', channel: 'api', now });
 * edit.attach; // [email new@x.com]; edit.retire: [the old email]
 * ```
 */
export function planContactEdit(input: ContactEditInput): ContactEdit {
  const { contact, patch, config, now } = input;
  const changed: ChangedField[] = [];
  let next: Contact = contact;

  // Identities first: a refused email leaves the profile as it was.
  const attach: Identity[] = [];
  const retire: Identity[] = [];
  let held = [...input.identities];
  for (const e of input.edited) {
    const key = identityKeyString(e);
    const holder = input.holders.get(key);
    if (holder === contact.id) continue;
    if (holder !== undefined)
      throw new IdentityConflictError(
        contact.workspaceId,
        e.type,
        e.value,
        holder,
        'held by another contact',
      );
    // The value it replaces: the profile's current one, as an identity of this contact.
    const current = contact.profile[e.type];
    const old = held.find((i) => i.type === e.type && i.value === current);
    if (old) {
      retire.push(old);
      held = held.filter((i) => i !== old);
    }
    const clash = limitClash(held, e.type, e.value, config.identity);
    if (clash) {
      throw new IdentityConflictError(
        contact.workspaceId,
        e.type,
        e.value,
        undefined,
        `the contact already holds as many ${e.type} identities as the workspace allows`,
      );
    }
    const identity: Identity = {
      workspaceId: contact.workspaceId,
      contactId: contact.id,
      type: e.type,
      value: e.value,
      raw: e.raw,
      ...(e.extension ? { extension: e.extension } : {}),
      verified: false,
      sourceChannel: input.channel,
      firstSeenAt: now,
    };
    attach.push(identity);
    held.push(identity);
  }

  if (patch.profile) {
    const set: Record<string, unknown> = {};
    const cleared: ProfileField[] = [];
    for (const [key, value] of Object.entries(patch.profile) as Array<[ProfileField, unknown]>) {
      if (value === undefined) continue;
      if (value === null) cleared.push(key);
      // The profile shows identities in their normal form.
      else if (key === 'email' || key === 'phone')
        set[key] = input.edited.find((e) => e.type === key)?.value ?? value;
      else set[key] = value;
    }
    const updated = applyProfileUpdate(next, set as Profile, input.origin);
    const profile: Record<string, unknown> = { ...updated.profile };
    const fieldOrigins = { ...updated.fieldOrigins };
    const fields = [...updated.changed];
    for (const key of cleared) {
      if (profile[key] === undefined) continue;
      delete profile[key];
      fieldOrigins[key] = input.origin;
      if (!fields.includes(key)) fields.push(key);
    }
    if (fields.length > 0) {
      next = { ...next, profile: profile as Profile, fieldOrigins };
      changed.push(...fields);
    }
  }

  if (patch.tags) {
    const remove = new Set(patch.tags.remove ?? []);
    const tags = [...new Set([...next.tags.filter((t) => !remove.has(t)), ...(patch.tags.add ?? [])])];
    if (!sameStrings(tags, next.tags)) {
      next = { ...next, tags };
      changed.push('tags');
    }
  }

  if (patch.customFields) {
    const customFields: CustomFields = { ...next.customFields };
    for (const [key, value] of Object.entries(patch.customFields)) {
      if (value === null) delete customFields[key];
      else customFields[key] = value;
    }
    const issues = checkCustomFields(patch.customFields, input.definitions, 'customFields', {
      result: customFields,
    });
    if (issues.length > 0) throw new ValidationError(issues);
    if (JSON.stringify(customFields) !== JSON.stringify(next.customFields)) {
      next = { ...next, customFields };
      changed.push('customFields');
    }
  }

  if (patch.preferences) {
    const preferences: Record<string, unknown> = { ...next.preferences };
    for (const [key, value] of Object.entries(patch.preferences)) {
      if (value === undefined) continue;
      if (value === null) delete preferences[key];
      else preferences[key] = value;
    }
    if (JSON.stringify(preferences) !== JSON.stringify(next.preferences ?? {})) {
      const { preferences: _old, ...rest } = next;
      next =
        Object.keys(preferences).length > 0 ? { ...rest, preferences: preferences as Preferences } : rest;
      changed.push('preferences');
    }
  }

  if (next !== contact) next = { ...next, updatedAt: now };
  return { contact: next, attach, retire, changed };
}
