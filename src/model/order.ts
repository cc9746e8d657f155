import { z } from 'zod';
import { AmountSchema, IdSchema, TimestampSchema } from './primitives.js';

/** An order the host reported; `(workspaceId, orderId)` is unique, so a replayed order changes nothing. */
export const OrderRecordSchema = z.object({
  workspaceId: IdSchema,
  orderId: IdSchema,
  contactId: IdSchema,
  amount: AmountSchema,
  currency: z.string().length(3),
  viaAssistant: z.boolean(),
  placedAt: TimestampSchema,
});
export type OrderRecord = z.infer<typeof OrderRecordSchema>;
