import { z } from 'zod';
import { humanText, IdSchema, TimestampSchema } from '../model/primitives.js';
import { MAX_SEGMENT_IDS, type SegmentFilter } from './filter.js';

/**
 * A saved custom segment: a named filter, contacts added by hand (`members`), or both; a contact is in
 * it when it matches the filter or is a member. Built-in lists are not stored (see `BUILTIN_SEGMENTS`).
 */
export interface SavedSegment {
  readonly workspaceId: string;
  readonly id: string;
  readonly name: string;
  /** The filter, already validated; absent for a list made by hand only. */
  readonly filter?: SegmentFilter;
  /** Contact ids added by hand, at most {@link MAX_SEGMENT_IDS}. */
  readonly members: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Bumped by one on every change. */
  readonly version: number;
}

/** A segment name: 1 to 200 characters of human text. */
export const SegmentNameSchema = humanText({ min: 1, max: 200, trim: true });

/** The zod schema of a stored {@link SavedSegment} (its filter checked apart, by `parseSegmentFilter`). */
export const SavedSegmentShape = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  name: SegmentNameSchema,
  members: z.array(IdSchema).max(MAX_SEGMENT_IDS),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  version: z.number().int().min(1),
});
