import { ConsentRecordSchema } from '../../model/consent.js';
import { ConsentInputSchema } from '../../privacy/consent-state.js';
import { SubjectExportSchema } from '../../privacy/subject-export.js';
import { type AnyRoute, created, defineRoute, ok } from '../route.js';
import { ConsentStateSchema, ContactParamsSchema, ErasureResultSchema } from '../schemas.js';
import { requireContact } from './contact-exists.js';

const TAG = 'privacy';
const notFound = { 404: 'The workspace has no such contact (`NOT_FOUND`).' };

/** Subject-data export, erasure and consent. Deleting a contact is `DELETE /contacts/{contactId}`. */
export function privacyRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/subject-export',
      operationId: 'exportSubject',
      tag: TAG,
      summary: 'Export everything about a person',
      description:
        'Profile, identities, the whole timeline, consent records and what is in force, scores and their ledger, merge history, conversations, orders, notes, flow runs, follow-ups, review items and reminders (GDPR art. 15 and 20).',
      params: ContactParamsSchema,
      responses: { 200: { description: 'The subject export.', schema: SubjectExportSchema } },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.privacy.exportSubject(workspaceId, params.contactId)),
    }),
    defineRoute({
      method: 'post',
      path: '/contacts/:contactId/erasure',
      operationId: 'eraseContact',
      tag: TAG,
      summary: 'Erase a person',
      description:
        'Removes the person now from every table (conversations and flow runs are deleted or kept unlinked, as the workspace chose) and writes one `contact.erased` event with only the id. Open conversations do not block it: erasure is a right of the person. The next event with their email creates a fresh contact.',
      params: ContactParamsSchema,
      responses: {
        200: { description: 'What was removed and unlinked, per table.', schema: ErasureResultSchema },
      },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) =>
        ok(await kit.privacy.erase(workspaceId, params.contactId)),
    }),
    defineRoute({
      method: 'get',
      path: '/contacts/:contactId/consent',
      operationId: 'getConsent',
      tag: TAG,
      summary: 'The consent in force',
      description: 'The latest record per purpose. A purpose never recorded is not granted.',
      params: ContactParamsSchema,
      responses: { 200: { description: 'Purpose → the record in force.', schema: ConsentStateSchema } },
      problems: notFound,
      handle: async ({ workspaceId, params }, { kit }) => {
        await requireContact(kit, workspaceId, params.contactId);
        return ok(await kit.privacy.consentOf(workspaceId, params.contactId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/contacts/:contactId/consent',
      operationId: 'recordConsent',
      tag: TAG,
      summary: 'Record consent given or revoked',
      description:
        'Records are append-only; the latest per purpose is in force. Adds `consent.changed` to the timeline.',
      params: ContactParamsSchema,
      body: { schema: ConsentInputSchema },
      responses: {
        201: {
          description: 'The record as stored.',
          schema: ConsentRecordSchema,
          headers: { location: 'The consent in force for the contact.' },
        },
      },
      problems: notFound,
      handle: async ({ workspaceId, params, body }, { kit }) =>
        created(
          await kit.privacy.recordConsent(workspaceId, params.contactId, body),
          `/contacts/${encodeURIComponent(params.contactId)}/consent`,
        ),
    }),
  ];
}
