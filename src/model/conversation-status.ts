import { z } from 'zod';

/** Where a conversation stands. (Its own module: conversation facts and summaries both need it.) */
export const ConversationStatusSchema = z.enum(['open', 'resolved', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;
