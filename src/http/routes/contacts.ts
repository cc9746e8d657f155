import { z } from 'zod';
import { ContactPatchSchema } from '../../contact/edit.js';
import { NotFoundError } from '../../errors/errors.js';
import { ActivitySchema, ActorSchema } from '../../model/activity.js';
import { ContactSchema } from '../../model/contact.js';
import { ConversationSummarySchema } from '../../model/conversation.js';
import { IdentitySchema } from '../../model/identity.js';
import { LedgerEntrySchema } from '../../model/score-ledger.js';
import { ContactCreateSchema, IdentityInputSchema } from '../../service/contact-edits.js';
import { defined, listBody, PageQuerySchema, pageBody, pageSchema, queryBoolean } from '../query.js';
import { type AnyRoute, created, defineRoute, noContent, ok } from '../route.js';
import { ContactParamsSchema, ContactViewSchema, DeletionResultSchema } from '../schemas.js';
import { requireContact } from './contact-exists.js';

const TAG = 'contacts';
const notFound = { 404: 'The workspace has no such contact (`NOT_FOUND`).' };

/** Who made the change, for the timeline: a person on the team (`{ "kind": "user" }`) when not said. */
const withActor = { actor: ActorSchema.optional() };

const actorOption = (actor: z.infer<typeof ActorSchema> | undefined) =>
  actor === undefined ? {} : { actor };

/** Contacts: create, read, update, delete; and per contact its identities, timeline, conversations, ledger. */
export function contactRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/contacts',
      operationId: 'createContact',
      tag: TAG,
      summary: 'Create a contact',
      description:
        'Makes a contact by hand (source `manual`). Identities are normalized and must be free; custom fields are checked against the workspace definitions.',
      body: { schema: ContactCreateSchema.extend(withActor) },
      responses: {
        201: {
          description: 'The contact as stored.',
          schema: ContactSchema,
          headers: { location: 'The contact.' },
        },
      },
      problems: { 409: 'Another contact holds one of its identities (`IDENTITY_CONFLICT`).' },
      handle: async ({ workspaceId, body }, { kit }) => {
        const { actor, ...input } = body;
        const contact = await kit.contacts.createContact(workspaceId, input, actorOption(actor));
        return created(contact, `/contacts/${encodeURIComponent(contact.id)}`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId',
      operationId: 'getContact',
      tag: TAG,
      summary: 'Read a contact',
      description:
        'A contact with its identities, status and classification now, the newest timeline page, conversations, orders, notes and flow runs. A deleted contact is still returned, with `contact.deletedAt`, until retention purges it.',
      params: ContactParamsSchema,
      responses: {
        200: { description: 'The contact and what is kept about it.', schema: ContactViewSchema },
      },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) => {
        const view = await kit.contacts.getContact(workspaceId, params.contactId);
        if (!view) throw new NotFoundError('contact', workspaceId, params.contactId);
        return ok({ ...view, timeline: pageBody(view.timeline) });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/contacts/:contactId',
      operationId: 'updateContact',
      tag: TAG,
      summary: 'Update a contact',
      description:
        'Profile fields take a value, or `null` to clear; tags are added and removed; custom fields are checked; a new email or phone becomes an identity and retires the old one. Values set here are never overwritten by what the bot picks up later.',
      params: ContactParamsSchema,
      body: { schema: ContactPatchSchema.extend(withActor) },
      responses: { 200: { description: 'The contact as stored.', schema: ContactSchema } },
      problems: { ...notFound, 409: 'Another contact holds the new email or phone (`IDENTITY_CONFLICT`).' },
      handle: async ({ workspaceId, params, body }, { kit }) => {
        const { actor, ...patch } = body;
        return ok(await kit.contacts.updateContact(workspaceId, params.contactId, patch, actorOption(actor)));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/contacts/:contactId',
      operationId: 'deleteContact',
      tag: TAG,
      summary: 'Delete a contact',
      description:
        'Marks the contact deleted: intake no longer matches it, and retention purges it after the grace period. A contact with an open conversation is refused (409 `OPEN_CONVERSATIONS`, naming them) unless `force=true`. To remove a person now, use the erasure.',
      params: ContactParamsSchema,
      query: z.object({
        /** Delete even when the contact has open conversations. */
        force: queryBoolean.optional(),
        /** Who asked for it, recorded on the `contact.deleted` event. */
        actor: z.string().min(1).max(200).optional(),
      }),
      responses: { 200: { description: 'What the delete did.', schema: DeletionResultSchema } },
      problems: { ...notFound, 409: 'The contact has open conversations (`OPEN_CONVERSATIONS`).' },
      handle: async ({ workspaceId, params, query }, { kit }) =>
        ok(await kit.privacy.deleteContact(workspaceId, params.contactId, defined(query))),
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/identities',
      operationId: 'listIdentities',
      tag: TAG,
      summary: "A contact's identities",
      params: ContactParamsSchema,
      responses: {
        200: { description: 'Every identity of the contact.', schema: pageSchema(IdentitySchema) },
      },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) => {
        const view = await kit.contacts.getContact(workspaceId, params.contactId);
        if (!view) throw new NotFoundError('contact', workspaceId, params.contactId);
        return ok(listBody(view.identities));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/contacts/:contactId/identities',
      operationId: 'addIdentity',
      tag: TAG,
      summary: 'Add an identity to a contact',
      description:
        'Any type: `email`, `phone`, a channel id, a custom type. Adding one the contact already holds changes nothing.',
      params: ContactParamsSchema,
      body: { schema: IdentityInputSchema.extend(withActor) },
      responses: { 200: { description: 'The identity as stored.', schema: IdentitySchema } },
      problems: {
        ...notFound,
        409: 'Another contact holds it, or a limit is reached (`IDENTITY_CONFLICT`).',
      },
      handle: async ({ workspaceId, params, body }, { kit }) => {
        const { actor, ...identity } = body;
        return ok(
          await kit.contacts.addIdentity(workspaceId, params.contactId, identity, actorOption(actor)),
        );
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/contacts/:contactId/identities/:type/:value',
      operationId: 'removeIdentity',
      tag: TAG,
      summary: 'Remove an identity from a contact',
      description:
        'The value as typed or as stored, percent-encoded (`+` of a phone as `%2B`). The contact no longer matches it.',
      params: ContactParamsSchema.extend({
        type: IdentityInputSchema.shape.type,
        value: IdentityInputSchema.shape.value,
      }),
      responses: { 204: { description: 'Removed.' } },
      problems: { 404: 'No such contact, or the contact does not hold this identity (`NOT_FOUND`).' },
      handle: async ({ workspaceId, params }, { kit }) => {
        const { contactId, type, value } = params;
        const removed = await kit.contacts.removeIdentity(workspaceId, contactId, { type, value });
        if (!removed) throw new NotFoundError('identity', workspaceId, `${type}:${value}`);
        return noContent();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/timeline',
      operationId: 'listTimeline',
      tag: TAG,
      summary: "A contact's timeline",
      description: 'Newest first, a page at a time.',
      params: ContactParamsSchema,
      query: PageQuerySchema,
      responses: { 200: { description: 'A page of timeline entries.', schema: pageSchema(ActivitySchema) } },
      problems: notFound,
      handle: async ({ workspaceId, params, query }, { kit }) => {
        await requireContact(kit, workspaceId, params.contactId);
        return ok(pageBody(await kit.contacts.listTimeline(workspaceId, params.contactId, defined(query))));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/conversations',
      operationId: 'listConversations',
      tag: TAG,
      summary: "A contact's conversations",
      description: 'Across every inbox of the workspace, most recent first, in one page.',
      params: ContactParamsSchema,
      responses: {
        200: { description: 'The conversations.', schema: pageSchema(ConversationSummarySchema) },
      },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) => {
        await requireContact(kit, workspaceId, params.contactId);
        return ok(listBody(await kit.contacts.listConversations(workspaceId, params.contactId)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/score-ledger',
      operationId: 'listScoreLedger',
      tag: TAG,
      summary: "A contact's score ledger",
      description:
        'Which rule gave which points, for which event, when; oldest first. The score is the sum of it.',
      params: ContactParamsSchema,
      query: PageQuerySchema,
      responses: { 200: { description: 'A page of ledger entries.', schema: pageSchema(LedgerEntrySchema) } },
      problems: notFound,
      handle: async ({ workspaceId, params, query }, { kit }) => {
        await requireContact(kit, workspaceId, params.contactId);
        return ok(pageBody(await kit.classification.ledger(workspaceId, params.contactId, defined(query))));
      },
    }),
  ];
}
