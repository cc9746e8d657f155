import { recordEngagement } from '../contact/engagement.js';
import { newContact, sourceForChannel } from '../contact/new-contact.js';
import { applyProfileUpdate } from '../contact/profile-policy.js';
import { ValidationError } from '../errors/errors.js';
import { type ExtractedClaims, extractClaims, type NormalizedValue } from '../identity/claims.js';
import { decideResolution } from '../identity/resolve.js';
import { planMerge } from '../merge/plan-merge.js';
import type { ActivityType } from '../model/activity.js';
import { type ChatEvent, IMPORT_CHANNEL } from '../model/chat-event.js';
import type { Contact, Profile } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { DomainEventType } from '../model/domain-event.js';
import { identityKeyString } from '../model/identity.js';
import type { JsonValue } from '../model/primitives.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import { truncateText } from '../normalize/text.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import type { ChangedField, IngestOutcome, IngestResult } from './outcome.js';
import { WorkingSet } from './working-set.js';

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
  const profile = event.profile;
  if (!profile?.email && !profile?.phone) return event.identities;
  const ids = { ...event.identities };
  if (ids.email === undefined && profile.email) ids.email = profile.email;
  if (ids.phone === undefined && profile.phone) ids.phone = profile.phone;
  return ids;
}

/** Adds a field to the list of changed ones, once (a list: an event changes a few fields at most). */
function noteChange(changed: ChangedField[], field: ChangedField): void {
  if (!changed.includes(field)) changed.push(field);
}

/** Applies one set of profile values under the workspace's policy, noting what changed. */
function updateProfile(
  contact: Contact,
  fields: Profile,
  origin: Parameters<typeof applyProfileUpdate>[2],
  changed: ChangedField[],
): Contact {
  const updated = applyProfileUpdate(contact, fields, origin);
  if (updated.changed.length === 0) return contact;
  for (const field of updated.changed) noteChange(changed, field);
  return { ...contact, profile: updated.profile, fieldOrigins: updated.fieldOrigins };
}

/** The claims an event makes, worked out once per event: the batch loads by them, then applies them. */
function claimsOf(event: ChatEvent, ctx: IntakeContext): ExtractedClaims {
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
    holders: ws.holderLookup,
    identitiesOf: (id) => ws.identitiesOf(id),
    config,
  });

  // 1. The contact.
  let contact: Contact;
  // The created entry's data: the fields the event filled are added to it, rather than a second entry.
  let createdData: Record<string, JsonValue> | undefined;
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
    createdData = { channel: event.channel, source: contact.source };
    activity(contact.id, 'contact.created', createdData);
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
  const changed: ChangedField[] = [];
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
    // What is stored names the identity's type and holder, never its value: the value belongs to the
    // other person, and their erasure must leave no trace of it in this contact's timeline or outbox.
    // The caller still gets the value in the outcome.
    const conflicts = decision.conflicts.map((c) =>
      c.heldBy === undefined ? { ...c } : { type: c.type, heldBy: c.heldBy, reason: c.reason },
    );
    activity(contact.id, 'identity.conflict', { conflicts });
    emit('contact.conflict', contact.id, { conflicts });
  }

  // 4. Profile, tags, custom fields.
  // The profile shows the contact's email and phone; fill them in when missing (the bot's rule: gaps only).
  const needEmail = !contact.profile.email;
  const needPhone = !contact.profile.phone;
  if (needEmail || needPhone) {
    let displayIdentities: Profile | undefined;
    for (const claim of claims) {
      const wanted = claim.type === 'email' ? needEmail : claim.type === 'phone' ? needPhone : false;
      if (!wanted || ws.holderOf(identityKeyString(claim)) !== contact.id) continue;
      displayIdentities ??= {};
      const field = claim.type as 'email' | 'phone';
      displayIdentities[field] ??= claim.value;
    }
    if (displayIdentities) contact = updateProfile(contact, displayIdentities, 'bot', changed);
  }
  if (event.profile) {
    const { email: _e, phone: _p, ...profileFields } = event.profile;
    if (Object.keys(profileFields).length > 0)
      contact = updateProfile(contact, profileFields, event.profileOrigin, changed);
  }
  if (event.tags?.length) {
    const tags = [...new Set([...contact.tags, ...event.tags])];
    if (tags.length !== contact.tags.length) {
      contact = { ...contact, tags };
      noteChange(changed, 'tags');
    }
  }
  if (event.customFields && Object.keys(event.customFields).length > 0) {
    const customFields = { ...contact.customFields, ...event.customFields };
    if (JSON.stringify(customFields) !== JSON.stringify(contact.customFields)) {
      contact = { ...contact, customFields };
      noteChange(changed, 'customFields');
    }
  }

  // 5. Conversation. Built once per event rather than copied per change: this runs for most events.
  let newConversation = false;
  if (event.conversation) {
    const ref = event.conversation;
    const existing = ws.conversation(ref.id);
    if (!existing) {
      newConversation = true;
      activity(contact.id, 'conversation.started', { conversationId: ref.id, channel: event.channel });
    }
    const conversation: ConversationSummary = existing
      ? { ...existing }
      : {
          workspaceId: event.workspaceId,
          id: ref.id,
          contactId: contact.id,
          channel: event.channel,
          status: 'open',
          startedAt: at,
          messageCount: 0,
          escalated: false,
        };
    if (ref.inbox !== undefined) conversation.inbox = ref.inbox;
    if (ref.status !== undefined) conversation.status = ref.status;
    if (ref.escalated && !conversation.escalated) {
      conversation.escalated = true;
      activity(contact.id, 'escalation', { conversationId: ref.id });
    }
    if (event.type === 'message') {
      conversation.messageCount++;
      if (conversation.lastMessageAt === undefined || at >= conversation.lastMessageAt) {
        conversation.lastMessageAt = at;
        const text = event.message?.text;
        // Never half an emoji: a lone surrogate is stored as U+FFFD by SQL stores, kept by memory.
        if (text) conversation.lastMessagePreview = truncateText(text, PREVIEW_LENGTH);
      }
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
    noteChange(changed, 'kind');
    activity(contact.id, 'contact.promoted', {
      to: 'customer',
      reason: identifiedAs ? 'identified' : 'first order',
    });
  }

  // 7. Engagement. recordEngagement returns a fresh copy, so the last touches need no copy of their own.
  // A row of an imported file is not the person showing up: it makes a contact (first seen when
  // imported), but never moves a known contact's last seen, channels or archive, which status and
  // retention read. Importing last year's list must not make its dormant contacts look active.
  if (created || event.channel !== IMPORT_CHANNEL) {
    const engaged = recordEngagement(contact, {
      at,
      channel: event.channel,
      message: event.type === 'message',
      newConversation,
      ...(orderAmount !== undefined ? { orderAmount } : {}),
    });
    // A contact archived for inactivity that talks again is active again.
    if (engaged.archivedAt !== undefined) {
      delete engaged.archivedAt;
      noteChange(changed, 'archivedAt');
    }
    engaged.updatedAt = now;
    contact = engaged;
    ws.putContact(contact);
  } else if (contact !== ws.contact(contact.id)) {
    // The import changed the profile, tags or kind, or merged: store that, and nothing else.
    contact = { ...contact, updatedAt: now };
    ws.putContact(contact);
  }

  if (changed.length > 0) {
    // A new contact's timeline says once what it was created with, as its outbox does.
    if (createdData) {
      createdData.fields = [...changed];
      createdData.origin = event.profileOrigin;
    } else {
      activity(contact.id, 'fields.updated', { fields: [...changed], origin: event.profileOrigin });
      emit('contact.updated', contact.id, { changed: [...changed] });
    }
  }

  // A plain conditional: this runs for every event, and a pattern match here cost a tenth of intake's
  // allocations.
  const kind: IngestOutcome['kind'] =
    decision.conflicts.length > 0
      ? 'conflict'
      : decision.merge.length > 0
        ? 'merged'
        : created
          ? 'created'
          : 'matched';
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
    changed,
  };
}

/**
 * Applies a batch of events, in order, to a working set that reads what they can touch in a few
 * set-based calls. The caller flushes the working set to store the result, or drops it (a dry run).
 */
export async function applyEvents(
  tx: WorkspaceTransaction,
  events: readonly ChatEvent[],
  ctx: IntakeContext,
): Promise<{ ws: WorkingSet; outcomes: Array<IngestOutcome | ValidationError> }> {
  const ws = new WorkingSet(tx);
  const extracted = events.map((event) => claimsOf(event, ctx));
  const keys = new Map<string, { type: string; value: string }>();
  for (const { claims } of extracted)
    for (const claim of claims) keys.set(identityKeyString(claim), { type: claim.type, value: claim.value });
  await ws.load({
    eventIds: events.map((event) => event.eventId),
    keys: [...keys.values()],
    conversationIds: [...new Set(events.flatMap((e) => (e.conversation ? [e.conversation.id] : [])))],
    orderIds: [...new Set(events.flatMap((e) => (e.order ? [e.order.orderId] : [])))],
  });
  const outcomes = events.map((event, i) => applyEvent(ws, event, extracted[i]!, ctx));
  return { ws, outcomes };
}

/** An event's outcome as a batch result: `index` is its place in the caller's input. */
export function resultOf(
  event: ChatEvent,
  index: number,
  outcome: IngestOutcome | ValidationError,
): IngestResult {
  return outcome instanceof ValidationError
    ? { ok: false, eventId: event.eventId, index, error: outcome }
    : { ok: true, eventId: event.eventId, outcome };
}
