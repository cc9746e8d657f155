import { z } from 'zod';
import { humanText, IdSchema, TimestampSchema } from './primitives.js';

/** One run of a host automation flow against a contact. */
export const FlowRunSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  /** Absent once the contact was deleted and the workspace keeps flow runs. */
  contactId: IdSchema.optional(),
  flowId: IdSchema,
  /** Cleared, with the actions and conditions, when the contact is erased and the run kept. */
  flowName: humanText({ max: 300 }).optional(),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema.optional(),
  stepsCompleted: z.number().int().min(0),
  actionsTriggered: z.array(humanText({ max: 200 })).optional(),
  conditionsMet: z.array(humanText({ max: 200 })).optional(),
  conditionsSkipped: z.array(humanText({ max: 200 })).optional(),
});
export type FlowRun = z.infer<typeof FlowRunSchema>;
