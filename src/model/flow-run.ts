import { z } from 'zod';
import { humanText, IdSchema, TimestampSchema } from './primitives.js';

/** One run of a host automation flow against a contact. */
export const FlowRunSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  /** Absent once the contact was deleted and the workspace keeps flow runs. */
  contactId: IdSchema.optional(),
  flowId: IdSchema,
  flowName: humanText({ max: 300 }),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema.optional(),
  stepsCompleted: z.number().int().min(0),
  actionsTriggered: z.array(humanText({ max: 200 })),
  conditionsMet: z.array(humanText({ max: 200 })),
  conditionsSkipped: z.array(humanText({ max: 200 })),
});
export type FlowRun = z.infer<typeof FlowRunSchema>;
