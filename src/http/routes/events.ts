import { z } from 'zod';
import { ValidationError } from '../../errors/errors.js';
import type { IngestResult } from '../../intake/outcome.js';
import { ChatEventSchema } from '../../model/chat-event.js';
import { problemOf } from '../problem.js';
import { type AnyRoute, defineRoute, ok } from '../route.js';
import { EventBatchResultSchema, IngestOutcomeSchema } from '../schemas.js';

/**
 * A chat event as a request carries it: the workspace is the API key's, so `workspaceId` may be left
 * out; when given, it must be that workspace.
 */
const EventBodySchema = ChatEventSchema.extend({ workspaceId: ChatEventSchema.shape.workspaceId.optional() });

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** An event of the body as the service takes it: in the key's workspace, or refused if it names another. */
function inWorkspace(event: unknown, workspaceId: string, field: string): unknown {
  if (!isObject(event)) return event; // the service refuses it, with its reason
  if (event.workspaceId !== undefined && event.workspaceId !== workspaceId) {
    throw new ValidationError({
      field,
      value: undefined,
      reason: `must be the API key's workspace "${workspaceId}", or left out`,
    });
  }
  return { ...event, workspaceId };
}

/** A batch result as the API writes it: the outcome, or the problem of the event refused. */
function resultBody(result: IngestResult, index: number) {
  return result.ok
    ? { index, eventId: result.eventId, ok: true as const, outcome: result.outcome }
    : { index, eventId: result.eventId ?? null, ok: false as const, problem: problemOf(result.error) };
}

/** Chat events: one, or a batch with an outcome per event. */
export function eventRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/events',
      operationId: 'ingestEvents',
      tag: 'events',
      summary: 'Send chat events',
      description:
        'One event (a JSON object), or a batch: `{ "events": [ … ] }`, resolved in order. One event answers its outcome, or a problem. A batch answers one result per event, in order: a refused event gets its problem and never stops the others. Event ids make this idempotent: an event id already handled changes nothing and answers `duplicate: true`, so a client may resend a batch after a timeout.',
      body: {
        schema: z.union([
          EventBodySchema,
          z.object({
            events: z.array(EventBodySchema).min(1).describe('At most `maxBatch` (default 1,000).'),
          }),
        ]),
        // Each event is checked once, by intake, so that a bad one gets its own result in a batch.
        validate: false,
      },
      responses: {
        200: {
          description: 'The outcome of the event, or the results of the batch.',
          schema: z.union([IngestOutcomeSchema, EventBatchResultSchema]),
        },
      },
      handle: async ({ workspaceId, body }, { kit, options }) => {
        if (isObject(body) && 'events' in body) {
          const { events } = body;
          if (!Array.isArray(events) || events.length === 0 || events.length > options.maxBatch) {
            throw new ValidationError({
              field: 'events',
              value: undefined,
              reason: `must be an array of 1 to ${options.maxBatch} events`,
            });
          }
          const inputs: unknown[] = new Array(events.length);
          const refused = new Map<number, IngestResult>();
          events.forEach((event, index) => {
            try {
              inputs[index] = inWorkspace(event, workspaceId, `events.${index}.workspaceId`);
            } catch (error) {
              const eventId =
                isObject(event) && typeof event.eventId === 'string' ? event.eventId : undefined;
              refused.set(index, { ok: false, eventId, index, error: error as ValidationError });
              inputs[index] = undefined;
            }
          });
          const accepted = inputs.flatMap((input, index) => (refused.has(index) ? [] : [{ input, index }]));
          const results = await kit.contacts.ingestBatch(
            accepted.map(({ input }) => input as Parameters<typeof kit.contacts.ingest>[0]),
          );
          const byIndex = new Map(refused);
          accepted.forEach(({ index }, i) => {
            byIndex.set(index, results[i]!);
          });
          return ok({ data: events.map((_, index) => resultBody(byIndex.get(index)!, index)) });
        }
        if (!isObject(body)) {
          throw new ValidationError({
            field: '(root)',
            value: undefined,
            reason: 'expected one event (a JSON object) or a batch ({ "events": [ … ] })',
          });
        }
        const input = inWorkspace(body, workspaceId, 'workspaceId') as Parameters<
          typeof kit.contacts.ingest
        >[0];
        return ok(await kit.contacts.ingest(input));
      },
    }),
  ];
}
