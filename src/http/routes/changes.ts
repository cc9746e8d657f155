import { z } from 'zod';
import { ChangesPageSchema } from '../../service/change-service.js';
import { defined, queryInt } from '../query.js';
import { type AnyRoute, defineRoute, NoInput, ok } from '../route.js';

const TAG = 'changes';

/** The incremental sync feed: contacts created, updated, merged away and erased since a cursor. */
export function changeRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/changes',
      operationId: 'listChanges',
      tag: TAG,
      summary: 'Contact changes since a cursor',
      description:
        'Contacts created, updated, merged away and erased since `cursor` (absent: since the start), in commit order, with each created or updated contact as stored now. Keep the `cursor` of every answer and call again with it; `more` says changes are already waiting. Keeps a CRM or an email tool in step without full exports (see the sync loop in docs/webhooks.md).',
      query: z.object({ cursor: z.string().min(1).max(40).optional(), limit: queryInt(1, 1000).optional() }),
      responses: {
        200: { description: 'A page of changes and the cursor to continue from.', schema: ChangesPageSchema },
      },
      problems: { 422: 'The cursor is not one this feed gave (`VALIDATION`).' },
      handle: async ({ workspaceId, query }, { kit }) =>
        ok(await kit.changes.since(workspaceId, defined(query))),
    }),
    defineRoute({
      method: 'get',
      path: '/changes/latest',
      operationId: 'latestChangeCursor',
      tag: TAG,
      summary: 'The cursor of the feed’s end',
      description:
        'Start a sync from here after a full export, so the export and the feed meet without a gap.',
      query: NoInput,
      responses: { 200: { description: 'The cursor now.', schema: z.object({ cursor: z.string() }) } },
      handle: async ({ workspaceId }, { kit }) => ok(await kit.changes.latest(workspaceId)),
    }),
  ];
}
