import { z } from 'zod';
import { humanText, IdSchema, keyText, TimestampSchema } from './primitives.js';

/** Who wrote a note: a person on the team, or the AI. */
export const NoteAuthorSchema = z.object({
  kind: z.enum(['person', 'ai']),
  id: keyText({ max: 200, trim: false }).optional(),
  name: humanText({ max: 200 }).optional(),
});
export type NoteAuthor = z.infer<typeof NoteAuthorSchema>;

/** An internal note on a contact. */
export const NoteSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  contactId: IdSchema,
  author: NoteAuthorSchema,
  text: humanText({ min: 1, max: 20_000 }),
  at: TimestampSchema,
});
export type Note = z.infer<typeof NoteSchema>;
