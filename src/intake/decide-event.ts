import { classificationLogEntries } from '../classify/log-entries.js';
import { classificationOf } from '../classify/of-contact.js';
import { recordSentiment } from '../classify/sentiment.js';
import { checkCustomFields } from '../contact/custom-fields.js';
import { engagementOf } from '../contact/engagement.js';
import { newContact, sourceForChannel } from '../contact/new-contact.js';
import { applyProfileUpdate } from '../contact/profile-policy.js';
import { ValidationError } from '../errors/errors.js';
import { applyConversationUpdate, applyMessage, newConversationFacts } from '../followups/apply-message.js';
import { messageRole } from '../followups/markers.js';
import { attributeOrder, cancelOnReply } from '../followups/outcomes.js';
import { changeLogEntry } from '../followups/records.js';
import type { FollowUpChange } from '../followups/transitions.js';
import { type ExtractedClaims, holdsIdentity } from '../identity/claims.js';
import { decideResolution } from '../identity/resolve.js';
import { planMerge } from '../merge/plan-merge.js';
import type { ActivityType } from '../model/activity.js';
import { type ChatEvent, IMPORT_CHANNEL } from '../model/chat-event.js';
import type { ClassificationChange } from '../model/classification.js';
import type { Contact, Profile } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { DomainEventType } from '../model/domain-event.js';
import type { FollowUpItem } from '../model/follow-up.js';
import type { Identity } from '../model/identity.js';
import type { LogEntry } from '../model/log-entry.js';
import type { OrderRecord } from '../model/order.js';
import type { JsonValue } from '../model/primitives.js';
import type { LedgerEntry } from '../model/score-ledger.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import { truncateText } from '../normalize/text.js';
import { applySignals } from '../scoring/apply-signals.js';
import type { ScoreSignal } from '../scoring/signals.js';
import { NEW_CONVERSATION_FIGURES, recordMessageFigures } from './conversation-figures.js';
import type { EventDecision, MergeStep } from './decision.js';
import type { ChangedField, IngestOutcome } from './outcome.js';
import type { IntakeState } from './state.js';

/** What deciding an event needs besides the event: the rules, the clock's reading, and an id source. */
export interface DecideContext {
  readonly config: WorkspaceConfig;
  readonly now: Date;
  readonly newId: () => string;
}

const PREVIEW_LENGTH = 140;
/**
 * The outcome's empty lists, shared: most events merge, attach and change nothing, and the service
 * keeps every outcome of a batch until it commits. Frozen, as the outcome's lists are read-only.
 */
const NONE: readonly never[] = Object.freeze([]);

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

/** The outcome of an event handled before: its contact (followed through merges since), and nothing new. */
function replayOutcome(kind: IngestOutcome['kind'], contactId: string): IngestOutcome {
  return {
    kind,
    contactId,
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

/**
 * Decides what one chat event does, given the state its batch has reached: which contact it belongs to
 * (creating one, or merging several), which identities it attaches, how it changes the profile,
 * engagement, conversation and orders, and what it records on the timeline and publishes. Pure: nothing
 * is changed; the caller applies the decision. Returns a ValidationError, deciding nothing, only when
 * the event has no usable identity and the workspace rejects such events.
 *
 * An event with no usable identity (none given, or only blocked or invalid values) goes to its
 * conversation's contact, or gets an anonymous contact that the conversation's later events find;
 * a row of an imported file without one is refused.
 *
 * @example
 * ```ts
 * const decision = decideEvent(state, event, extractClaims(event.identities, config, { channel: 'web' }), {
 *   config, now, newId,
 * });
 * decision.outcome.kind; // 'created'
 * decision.create?.id;   // the new contact
 * ```
 */
export function decideEvent(
  state: IntakeState,
  event: ChatEvent,
  extracted: ExtractedClaims,
  ctx: DecideContext,
): EventDecision | ValidationError {
  const seen = state.processed(event.eventId);
  if (seen) {
    return {
      outcome: replayOutcome(seen.outcome, state.survivor(seen.contactId)),
      merges: [],
      attach: [],
      ledger: [],
      log: [],
    };
  }
  const { config, now } = ctx;
  const { claims, ignored } = extracted;
  const ws = event.workspaceId;
  const at = event.occurredAt;
  const conversationOwner = (() => {
    const owner = event.conversation ? state.conversation(event.conversation.id)?.contactId : undefined;
    return owner === undefined ? undefined : state.survivor(owner);
  })();

  // Custom field values must fit the workspace's definitions, on this write path as on every other.
  if (event.customFields) {
    const issues = checkCustomFields(event.customFields, state.fieldDefinitions(), 'event.customFields');
    if (issues.length > 0) return new ValidationError(issues);
  }

  // A row of an imported file is a record, not a visit: without a key to resolve it by, it is refused
  // rather than made an anonymous contact, whatever the workspace does with chat events.
  const reject = config.identity.withoutIdentity === 'reject' || event.channel === IMPORT_CHANNEL;
  if (claims.length === 0 && conversationOwner === undefined && reject) {
    const detail = ignored.map((i) => `${i.type} "${i.raw}": ${i.reason}`).join('; ');
    return new ValidationError({
      field: 'identities',
      value: event.identities,
      reason: `no usable identity${detail ? ` (${detail})` : ''}`,
    });
  }

  const log: LogEntry[] = [];
  const record = (
    contactId: string,
    activity: { type: ActivityType; data: Record<string, JsonValue> } | undefined,
    published?: { type: DomainEventType; payload: Record<string, JsonValue> },
  ): LogEntry => {
    const entry: LogEntry = {
      workspaceId: ws,
      id: ctx.newId(),
      contactId,
      at,
      recordedAt: now,
      ...(activity
        ? {
            activity: {
              type: activity.type,
              actor: { kind: 'host' },
              eventId: event.eventId,
              data: activity.data,
            },
          }
        : {}),
      ...(published ? { event: { type: published.type, payload: { contactId, ...published.payload } } } : {}),
    };
    log.push(entry);
    return entry;
  };

  const decision =
    claims.length > 0
      ? decideResolution({
          claims,
          holders: { get: (key) => state.holderOf(key) },
          identitiesOf: (id) => state.identitiesOf(id),
          contactOf: (id) => state.contact(id),
          config,
        })
      : { target: undefined, merge: [], attach: [], conflicts: [] };
  // Identities nobody holds, in a conversation whose contact is known: the person identifying
  // themselves in their own conversation.
  const target = decision.target ?? (decision.merge.length === 0 ? conversationOwner : undefined);

  // 1. The contact.
  let contact: Contact;
  let create: Contact | undefined;
  // The created entry's data: the fields the event filled are added to it, rather than a second entry.
  let createdData: Record<string, JsonValue> | undefined;
  if (target === undefined) {
    create = newContact({
      id: ctx.newId(),
      workspaceId: ws,
      seenAt: at,
      now,
      source: event.source ?? sourceForChannel(event.channel),
      channel: event.channel,
    });
    contact = create;
    createdData = { channel: event.channel, source: contact.source };
    record(
      contact.id,
      { type: 'contact.created', data: createdData },
      {
        type: 'contact.created',
        payload: { kind: contact.kind, source: contact.source, channel: event.channel },
      },
    );
  } else {
    contact = state.contact(target);
  }
  const created = create !== undefined;

  // 2. Merges the event proved safe.
  const merges: MergeStep[] = [];
  const identities: Identity[] = [...state.identitiesOf(contact.id)];
  for (const otherId of decision.merge) {
    const other = state.contact(otherId);
    const plan = planMerge(contact, [other]);
    const mergeId = ctx.newId();
    merges.push({
      from: other.id,
      into: contact.id,
      mergeId,
      at: now,
      primaryBefore: contact,
      provenance: plan.provenance,
    });
    identities.push(...state.identitiesOf(other.id));
    contact = plan.contact;
    record(
      contact.id,
      {
        type: 'contact.merged',
        data: { mergeId, mergedIds: [other.id], provenance: { ...plan.provenance } },
      },
      { type: 'contact.merged', payload: { mergedIds: [other.id] } },
    );
  }

  // 3. Identities nobody held.
  const hadUserId = identities.some((i) => i.type === 'userId');
  const attach: Identity[] = decision.attach.map((claim) => ({
    workspaceId: ws,
    contactId: contact.id,
    type: claim.type,
    value: claim.value,
    raw: claim.raw,
    ...(claim.extension ? { extension: claim.extension } : {}),
    verified: claim.verified,
    sourceChannel: claim.sourceChannel,
    firstSeenAt: at,
  }));
  const changed: ChangedField[] = [];
  const identifiedAs = decision.attach.find((c) => c.type === 'userId');
  let promoted = false;
  if (identifiedAs && !hadUserId) {
    record(
      contact.id,
      { type: 'contact.identified', data: { userId: identifiedAs.value } },
      { type: 'contact.identified', payload: { userId: identifiedAs.value } },
    );
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
      c.heldBy === undefined
        ? { type: c.type, reason: c.reason }
        : { type: c.type, heldBy: c.heldBy, reason: c.reason },
    );
    record(
      contact.id,
      { type: 'identity.conflict', data: { conflicts } },
      {
        type: 'contact.conflict',
        payload: { conflicts },
      },
    );
  }

  // 4. Profile, tags, custom fields.
  // The profile shows the contact's email and phone; fill them in when missing (the bot's rule: gaps only).
  const needEmail = !contact.profile.email;
  const needPhone = !contact.profile.phone;
  if (needEmail || needPhone) {
    let displayIdentities: Profile | undefined;
    for (const claim of claims) {
      const wanted = claim.type === 'email' ? needEmail : claim.type === 'phone' ? needPhone : false;
      if (!wanted || !(holdsIdentity(identities, claim) || holdsIdentity(attach, claim))) continue;
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

  // 5. Conversation: built once per event rather than copied per change, as this runs for most events.
  const message = event.message !== undefined;
  const settled: FollowUpChange[] = [];
  const role = event.message ? messageRole(event.message.direction, event.message.role) : undefined;
  const inbound = role === 'customer';
  let conversation: ConversationSummary | undefined;
  let newConversation = false;
  if (event.conversation) {
    const ref = event.conversation;
    const existing = state.conversation(ref.id);
    if (!existing) {
      newConversation = true;
      record(contact.id, {
        type: 'conversation.started',
        data: { conversationId: ref.id, channel: event.channel },
      });
    }
    conversation = existing
      ? { ...existing }
      : {
          workspaceId: ws,
          id: ref.id,
          contactId: contact.id,
          channel: event.channel,
          status: 'open',
          startedAt: at,
          messageCount: 0,
          escalated: false,
          ...NEW_CONVERSATION_FIGURES,
        };
    if (ref.inbox !== undefined) conversation.inbox = ref.inbox;
    if (ref.status !== undefined) conversation.status = ref.status;
    if (ref.escalated && !conversation.escalated) {
      conversation.escalated = true;
      record(contact.id, { type: 'escalation', data: { conversationId: ref.id } });
    }
    if (message) {
      conversation.messageCount++;
      if (conversation.lastMessageAt === undefined || at >= conversation.lastMessageAt) {
        conversation.lastMessageAt = at;
        const text = event.message?.text;
        // Never half an emoji: a lone surrogate is stored as U+FFFD by SQL stores, kept by memory.
        if (text) conversation.lastMessagePreview = truncateText(text, PREVIEW_LENGTH);
      }
    }
    // What follow-up and review rules need of the conversation, kept as it goes.
    let facts =
      conversation.facts ??
      newConversationFacts({
        conversationId: ref.id,
        channel: conversation.channel,
        startedAt: conversation.startedAt,
      });
    if (ref.status !== undefined || ref.escalated !== undefined) {
      facts = applyConversationUpdate(facts, {
        at,
        ...(ref.status === undefined ? {} : { status: ref.status }),
        ...(ref.escalated === undefined ? {} : { escalated: ref.escalated }),
      });
    }
    const m = event.message;
    // A customer message settles the conversation's follow-ups: not yet sent, they are moot; sent, they
    // got their answer. Read only when the conversation has some (see `followUpsSinceReply`).
    if (inbound && (facts.followUpsSinceReply ?? 0) > 0) {
      settled.push(...cancelOnReply(state.followUpsOf(contact.id), { conversationId: ref.id, at }));
    }
    if (m) {
      // First-response time and sentiment over time, kept on the row this event writes anyway.
      const figures = recordMessageFigures(
        conversation,
        m.sentiment === undefined
          ? { at, role: role ?? 'customer' }
          : { at, role: role ?? 'customer', sentiment: m.sentiment },
      );
      if (figures !== conversation) Object.assign(conversation, figures);
      facts = applyMessage(
        facts,
        {
          at,
          role: role ?? 'customer',
          ...(m.text === undefined ? {} : { text: m.text }),
          ...(m.sentiment === undefined ? {} : { sentiment: m.sentiment }),
          ...(m.markers === undefined ? {} : { markers: m.markers }),
        },
        config.markers,
      );
    }
    conversation.facts = facts;
  }

  // 6. Order: a replayed order id changes nothing.
  let order: OrderRecord | undefined;
  if (event.order && !state.hasOrder(event.order.orderId)) {
    const o = event.order;
    order = {
      workspaceId: ws,
      orderId: o.orderId,
      contactId: contact.id,
      amount: o.amount,
      currency: o.currency,
      viaAssistant: o.viaAssistant,
      placedAt: at,
    };
    const data = { orderId: o.orderId, amount: o.amount, currency: o.currency, viaAssistant: o.viaAssistant };
    record(contact.id, { type: 'order.placed', data }, { type: 'order.placed', payload: data });
    // The last follow-up sent before it, within the attribution window, converted.
    const fresh =
      settled.length > 0
        ? mergeSettled(state.followUpsOf(contact.id), settled)
        : state.followUpsOf(contact.id);
    settled.push(...attributeOrder(fresh, { orderId: o.orderId, placedAt: at }, config.followUps));
    if (config.promotion.onFirstOrder && contact.kind === 'lead') {
      contact = { ...contact, kind: 'customer' };
      promoted = true;
    }
  }
  if (promoted) {
    noteChange(changed, 'kind');
    record(contact.id, {
      type: 'contact.promoted',
      data: { to: 'customer', reason: identifiedAs ? 'identified' : 'first order' },
    });
  }

  // 7. Engagement. A row of an imported file is not the person showing up: it makes a contact (first
  // seen when imported), but never moves a known contact's last seen, channels or archive, which status
  // and retention read. Importing last year's list must not make its dormant contacts look active.
  const before = created ? undefined : state.contact(contact.id);
  const booking = event.actions?.includes('booking') === true;
  // Kept apart until the contact's next version is made (step 9).
  let engagement: { readonly stats: Contact['stats']; readonly channels: string[] } | undefined;
  let unarchived = false;
  if (created || event.channel !== IMPORT_CHANNEL) {
    engagement = engagementOf(
      contact,
      {
        at,
        channel: event.channel,
        message,
        inbound,
        newConversation,
        ...(order ? { order } : {}),
        booking,
      },
      config.classification.spend,
    );
    // A contact archived for inactivity that talks again is active again.
    if (contact.archivedAt !== undefined) {
      unarchived = true;
      noteChange(changed, 'archivedAt');
    }
  } else if (order || booking) {
    // An imported order still counts; it is not a visit.
    engagement = engagementOf(
      contact,
      {
        at,
        channel: event.channel,
        message: false,
        newConversation: false,
        ...(order ? { order } : {}),
        booking,
      },
      config.classification.spend,
    );
  }

  // 8. Scoring and sentiment: the signals the event carries award points by the workspace's rules.
  const signals = signalsOf(event, inbound, order !== undefined);
  const ledger: LedgerEntry[] = [];
  let scoreState = contact.scoreState;
  if (signals.length > 0) {
    const scored = applySignals(contact.scoreState, signals, config.scoring, {
      workspaceId: ws,
      contactId: contact.id,
      now,
      entryId: () => ctx.newId(),
    });
    if (scored.entries.length > 0 || scored.state !== contact.scoreState) {
      scoreState = scored.state;
      ledger.push(...scored.entries);
    }
  }
  const sentiment = event.message?.sentiment;
  const sentimentState =
    inbound && sentiment !== undefined
      ? (recordSentiment(contact.sentimentState, sentiment, at, config.classification.sentiment) ?? undefined)
      : undefined;

  // 9. Classification, stored so lists can use it; its changes go to the timeline with their reason.
  const contactChanged =
    created ||
    merges.length > 0 ||
    contact !== before ||
    engagement !== undefined ||
    scoreState !== contact.scoreState ||
    sentimentState !== undefined;
  let classificationChanges: readonly ClassificationChange[] = [];
  if (contactChanged) {
    // The contact's next version is one copy, made here and filled in: intake runs for every event, and
    // a copy per change (engagement, score, sentiment, classification, time) copied the whole contact
    // five times.
    const next: Contact = { ...contact, scoreState, updatedAt: now };
    if (engagement !== undefined) {
      next.stats = engagement.stats;
      next.channels = engagement.channels;
    }
    if (unarchived) delete next.archivedAt;
    if (sentimentState !== undefined) next.sentimentState = sentimentState;
    const reclassified = classificationOf(next, config, now);
    next.classification = reclassified.classification;
    contact = next;
    classificationChanges = reclassified.changes;
  }
  log.push(
    ...classificationLogEntries(classificationChanges, {
      workspaceId: ws,
      contactId: contact.id,
      at,
      recordedAt: now,
      newId: ctx.newId,
      actor: { kind: 'host' },
      eventId: event.eventId,
    }),
  );

  if (changed.length > 0) {
    // A new contact's timeline says once what it was created with, as its outbox does.
    if (createdData) {
      createdData.fields = [...changed];
      createdData.origin = event.profileOrigin;
    } else {
      record(
        contact.id,
        { type: 'fields.updated', data: { fields: [...changed], origin: event.profileOrigin } },
        { type: 'contact.updated', payload: { changed: [...changed] } },
      );
    }
  }

  for (const change of settled) log.push(changeLogEntry(change, ctx.newId(), now));

  // A plain conditional: this runs for every event, and a pattern match here cost a tenth of intake's
  // allocations.
  const kind: IngestOutcome['kind'] =
    decision.conflicts.length > 0
      ? 'conflict'
      : merges.length > 0
        ? 'merged'
        : created
          ? 'created'
          : 'matched';
  return {
    outcome: {
      kind,
      contactId: contact.id,
      created,
      duplicate: false,
      merged: merges.length === 0 ? NONE : merges.map((m) => m.from),
      attached: attach.length === 0 ? NONE : attach.map((i) => ({ type: i.type, value: i.value })),
      conflicts: decision.conflicts.length === 0 ? NONE : decision.conflicts,
      ignored: ignored.length === 0 ? NONE : ignored,
      promoted,
      changed: changed.length === 0 ? NONE : changed,
    },
    ...(create ? { create } : {}),
    merges,
    attach,
    ...(contactChanged ? { contact } : {}),
    ...(conversation ? { conversation } : {}),
    ...(order ? { order } : {}),
    ...(settled.length > 0 ? { followUps: lastOfEach(settled) } : {}),
    ledger,
    log,
    processed: {
      workspaceId: ws,
      eventId: event.eventId,
      contactId: contact.id,
      outcome: kind,
      processedAt: now,
    },
  };
}

/**
 * The scoring signals an event carries: its message's text (keyword rules), the contact's own message
 * (an action), intents the host detected (on the event, or as the message's marker), the person's
 * actions, a new order, and a stage the host detected. Pure.
 */
export function signalsOf(event: ChatEvent, inbound: boolean, newOrder: boolean): ScoreSignal[] {
  const at = event.occurredAt;
  const eventId = event.eventId;
  const out: ScoreSignal[] = [];
  const m = event.message;
  if (m?.text) out.push({ kind: 'message', at, eventId, text: m.text, direction: m.direction });
  if (m && inbound) out.push({ kind: 'action', at, eventId, action: 'message' });
  if (m?.markers?.intent) out.push({ kind: 'intent', at, eventId, intent: m.markers.intent, confidence: 1 });
  for (const i of event.intents ?? [])
    out.push({ kind: 'intent', at, eventId, intent: i.name, confidence: i.confidence });
  for (const action of event.actions ?? []) out.push({ kind: 'action', at, eventId, action });
  if (newOrder) out.push({ kind: 'action', at, eventId, action: 'order' });
  if (event.stage) out.push({ kind: 'stage', at, eventId, stage: event.stage });
  return out;
}

/** The items as the settled changes leave them. */
function mergeSettled(items: readonly FollowUpItem[], settled: readonly FollowUpChange[]): FollowUpItem[] {
  const changed = new Map(settled.map((c) => [c.item.id, c.item]));
  return items.map((i) => changed.get(i.id) ?? i);
}

/** Each changed item once, as its last change leaves it. */
function lastOfEach(changes: readonly FollowUpChange[]): FollowUpItem[] {
  return [...new Map(changes.map((c) => [c.item.id, c.item])).values()];
}
