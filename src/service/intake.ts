import { match } from 'ts-pattern';
import { recordEngagement } from '../contact/engagement.js';
import { newContact, sourceForChannel } from '../contact/new-contact.js';
import { applyProfileUpdate } from '../contact/profile-policy.js';
import { ValidationError } from '../errors/errors.js';
import {
  type ExtractedClaims,
  extractClaims,
  type IdentityClaim,
  type NormalizedValue,
} from '../identity/claims.js';
import { decideResolution } from '../identity/resolve.js';
import { planMerge } from '../merge/plan-merge.js';
import type { ActivityType } from '../model/activity.js';
import type { ChatEvent } from '../model/chat-event.js';
import type { Contact, Profile } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { DomainEventType } from '../model/domain-event.js';
import { identityKeyString } from '../model/identity.js';
import type { JsonValue } from '../model/primitives.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { ChangedField, IngestOutcome } from './outcome.js';
import type { WorkingSet } from './working-set.js';

/** What intake needs besides the event: the rules, the clock's reading, and an id source. */
export interface IntakeContext {
  readonly config: WorkspaceConfig;
  readonly now: Date;
  readonly newId: () => string;
  readonly cache: Map<string, NormalizedValue | string>;
}

const PREVIEW_LENGTH = 140;

/** Identities an event carries, including the email and phone of its profile when not given apart. */
function eventIdentities(event: ChatEvent): ChatEvent['identities'] {
  const ids = { ...event.identities };
  if (ids.email === undefined && event.profile?.email) ids.email = event.profile.email;
  if (ids.phone === undefined && event.profile?.phone) ids.phone = event.profile.phone;
  return ids;
}

/** The claims an event makes, worked out once per event: the batch loads by them, then applies them. */
export function claimsOf(event: ChatEvent, ctx: IntakeContext): ExtractedClaims {
  return extractClaims(eventIdentities(event), ctx.config, {
    channel: event.channel,
    country: event.country,
    verified: event.type === 'identify',
    cache: ctx.cache,
  });
}

/**
 * Applies one chat event to the working set: resolves its contact, merges, links identities, updates
 * profile, engagement, conversation and order, and records timeline entries and outbox events.
 * Returns the outcome, or a ValidationError (and changes nothing) when the event has no usable identity.
 */
export function applyEvent(
  ws: WorkingSet,
  event: ChatEvent,
  extracted: ExtractedClaims,
  ctx: IntakeContext,
): IngestOutcome | ValidationError {
  const seen = ws.isProcessed(event.eventId);
  if (seen) {
    return {
      kind: seen.outcome,
      contactId: ws.survivor(seen.contactId),
      created: false,
      duplicate: true,
      merged: [],
      attached: [],
      conflicts: [],
      ignored: [],
      promoted: false,
      changed: [],
    };
  }
  const { config, now } = ctx;
  const { claims, ignored } = extracted;
  if (claims.length === 0) {
    const detail = ignored.map((i) => `${i.type} "${i.raw}": ${i.reason}`).join('; ');
    return new ValidationError({
      field: 'identities',
      value: event.identities,
      reason: `no usable identity${detail ? ` (${detail})` : ''}`,
    });
  }

  const at = event.occurredAt;
  const activity = (contactId: string, type: ActivityType, data: Record<string, JsonValue> = {}) =>
    ws.addActivity({
      id: ctx.newId(),
      workspaceId: event.workspaceId,
      contactId,
      type,
      at,
      actor: { kind: 'host' },
      eventId: event.eventId,
      data,
    });
  const emit = (type: DomainEventType, contactId: string, payload: Record<string, JsonValue>) =>
    ws.emit({
      id: ctx.newId(),
      workspaceId: event.workspaceId,
      type,
      contactId,
      at: now,
      payload: { contactId, ...payload },
    });

  const decision = decideResolution({
    claims,
    holders: ws.holdersOf(claims.map(identityKeyString)),
    identitiesOf: (id) => ws.identitiesOf(id),
    config,
  });

  // 1. The contact.
  let contact: Contact;
  const created = decision.target === undefined;
  if (decision.target === undefined) {
    contact = newContact({
      id: ctx.newId(),
      workspaceId: event.workspaceId,
      seenAt: at,
      now,
      source: event.source ?? sourceForChannel(event.channel),
      channel: event.channel,
    });
    ws.addContact(contact);
    activity(contact.id, 'contact.created', { channel: event.channel, source: contact.source });
    emit('contact.created', contact.id, {
      kind: contact.kind,
      source: contact.source,
      channel: event.channel,
    });
  } else {
    contact = ws.contact(decision.target);
  }

  // 2. Merges the event proved safe.
  for (const otherId of decision.merge) {
    const other = ws.contact(otherId);
    const plan = planMerge(contact, [other]);
    const mergeId = ctx.newId();
    ws.absorb(otherId, contact.id, {
      id: mergeId,
      at: now,
      primaryBefore: contact,
      provenance: plan.provenance,
    });
    contact = plan.contact;
    activity(contact.id, 'contact.merged', { mergeId, mergedIds: [otherId], provenance: plan.provenance });
    emit('contact.merged', contact.id, { mergedIds: [otherId] });
  }

  // 3. Identities nobody held.
  const hadUserId = ws.identitiesOf(contact.id).some((i) => i.type === 'userId');
  for (const claim of decision.attach) {
    ws.addIdentity({
      workspaceId: event.workspaceId,
      contactId: contact.id,
      type: claim.type,
      value: claim.value,
      raw: claim.raw,
      ...(claim.extension ? { extension: claim.extension } : {}),
      verified: claim.verified,
      sourceChannel: claim.sourceChannel,
      firstSeenAt: at,
    });
  }
  const changed = new Set<ChangedField>();
  const identifiedAs = decision.attach.find((c) => c.type === 'userId');
  let promoted = false;
  if (identifiedAs && !hadUserId) {
    activity(contact.id, 'contact.identified', { userId: identifiedAs.value });
    emit('contact.identified', contact.id, { userId: identifiedAs.value });
    if (config.promotion.onIdentify && contact.kind === 'lead') {
      contact = { ...contact, kind: 'customer' };
      promoted = true;
    }
  }

  if (decision.conflicts.length > 0) {
    const conflicts = decision.conflicts.map((c) => ({ ...c }));
    activity(contact.id, 'identity.conflict', { conflicts });
    emit('contact.conflict', contact.id, { conflicts });
  }

  // 4. Profile, tags, custom fields.
  // The profile shows the contact's email and phone; fill them in when missing (the bot's rule: gaps only).
  const displayIdentities: Profile = {};
  if (!contact.profile.email || !contact.profile.phone) {
    const owns = (c: IdentityClaim) => ws.holderOf(identityKeyString(c)) === contact.id;
    const email = contact.profile.email ? undefined : claims.find((c) => c.type === 'email' && owns(c));
    const phone = contact.profile.phone ? undefined : claims.find((c) => c.type === 'phone' && owns(c));
    if (email) displayIdentities.email = email.value;
    if (phone) displayIdentities.phone = phone.value;
  }
  const { email: _e, phone: _p, ...profileFields } = event.profile ?? {};
  for (const [fields, origin] of [
    [displayIdentities, 'bot'],
    [profileFields, event.profileOrigin],
  ] as const) {
    if (Object.keys(fields).length === 0) continue;
    const updated = applyProfileUpdate(contact, fields, origin);
    for (const field of updated.changed) changed.add(field);
    contact = { ...contact, profile: updated.profile, fieldOrigins: updated.fieldOrigins };
  }
  if (event.tags?.length) {
    const tags = [...new Set([...contact.tags, ...event.tags])];
    if (tags.length !== contact.tags.length) {
      contact = { ...contact, tags };
      changed.add('tags');
    }
  }
  if (event.customFields && Object.keys(event.customFields).length > 0) {
    const customFields = { ...contact.customFields, ...event.customFields };
    if (JSON.stringify(customFields) !== JSON.stringify(contact.customFields)) {
      contact = { ...contact, customFields };
      changed.add('customFields');
    }
  }

  // 5. Conversation.
  let newConversation = false;
  if (event.conversation) {
    const ref = event.conversation;
    const existing = ws.conversation(ref.id);
    let conversation: ConversationSummary = existing ?? {
      workspaceId: event.workspaceId,
      id: ref.id,
      contactId: contact.id,
      channel: event.channel,
      status: 'open',
      startedAt: at,
      messageCount: 0,
      escalated: false,
    };
    if (!existing) {
      newConversation = true;
      activity(contact.id, 'conversation.started', { conversationId: ref.id, channel: event.channel });
    }
    if (ref.inbox !== undefined) conversation = { ...conversation, inbox: ref.inbox };
    if (ref.status !== undefined) conversation = { ...conversation, status: ref.status };
    if (ref.escalated && !conversation.escalated) {
      conversation = { ...conversation, escalated: true };
      activity(contact.id, 'escalation', { conversationId: ref.id });
    }
    if (event.type === 'message') {
      const later = conversation.lastMessageAt === undefined || at >= conversation.lastMessageAt;
      conversation = {
        ...conversation,
        messageCount: conversation.messageCount + 1,
        ...(later ? { lastMessageAt: at } : {}),
        ...(later && event.message?.text
          ? { lastMessagePreview: event.message.text.slice(0, PREVIEW_LENGTH) }
          : {}),
      };
    }
    ws.putConversation(conversation);
  }

  // 6. Order: a replayed order id changes nothing.
  let orderAmount: number | undefined;
  if (event.order && !ws.hasOrder(event.order.orderId)) {
    const order = event.order;
    orderAmount = order.amount;
    ws.addOrder({
      workspaceId: event.workspaceId,
      orderId: order.orderId,
      contactId: contact.id,
      amount: order.amount,
      currency: order.currency,
      viaAssistant: order.viaAssistant,
      placedAt: at,
    });
    activity(contact.id, 'order.placed', {
      orderId: order.orderId,
      amount: order.amount,
      currency: order.currency,
      viaAssistant: order.viaAssistant,
    });
    if (config.promotion.onFirstOrder && contact.kind === 'lead') {
      contact = { ...contact, kind: 'customer' };
      promoted = true;
    }
  }
  if (promoted) {
    changed.add('kind');
    activity(contact.id, 'contact.promoted', {
      to: 'customer',
      reason: identifiedAs ? 'identified' : 'first order',
    });
  }

  // 7. Engagement.
  contact = recordEngagement(contact, {
    at,
    channel: event.channel,
    message: event.type === 'message',
    newConversation,
    ...(orderAmount !== undefined ? { orderAmount } : {}),
  });
  // A contact archived for inactivity that talks again is active again.
  if (contact.archivedAt !== undefined) {
    const { archivedAt: _archived, ...active } = contact;
    contact = active;
    changed.add('archivedAt');
  }
  contact = { ...contact, updatedAt: now };
  ws.putContact(contact);

  if (changed.size > 0) {
    activity(contact.id, 'fields.updated', { fields: [...changed], origin: event.profileOrigin });
    if (!created) emit('contact.updated', contact.id, { changed: [...changed] });
  }

  const kind = match({ conflict: decision.conflicts.length > 0, merged: decision.merge.length > 0, created })
    .with({ conflict: true }, () => 'conflict' as const)
    .with({ merged: true }, () => 'merged' as const)
    .with({ created: true }, () => 'created' as const)
    .otherwise(() => 'matched' as const);
  ws.addProcessed({
    workspaceId: event.workspaceId,
    eventId: event.eventId,
    contactId: contact.id,
    outcome: kind,
    processedAt: now,
  });
  return {
    kind,
    contactId: contact.id,
    created,
    duplicate: false,
    merged: decision.merge,
    attached: decision.attach.map((c) => ({ type: c.type, value: c.value })),
    conflicts: decision.conflicts,
    ignored,
    promoted,
    changed: [...changed],
  };
}
