export { matchesResolved, matchesSegment } from './evaluate.js';
export {
  BUILTIN_SEGMENTS,
  type BuiltinSegment,
  BuiltinSegmentSchema,
  CUSTOM_FIELD_OPS,
  type CustomFieldOp,
  MAX_SEGMENT_DEPTH,
  MAX_SEGMENT_IDS,
  MAX_SEGMENT_NODES,
  MAX_SEGMENT_VALUES,
  parseSegmentFilter,
  SEGMENT_DATE_FIELDS,
  SEGMENT_NUMBER_FIELDS,
  SEGMENT_PERIODS,
  type SegmentDateField,
  type SegmentFilter,
  type SegmentFilterInput,
  SegmentFilterSchema,
  type SegmentNumberField,
  type SegmentPeriod,
  type SegmentRef,
  type SegmentRefInput,
  SegmentRefSchema,
  segmentFilterOf,
} from './filter.js';
export { figuresOf, queryContacts } from './list.js';
export {
  type CustomWant,
  periodBounds,
  type ResolvedFilter,
  type ResolveOptions,
  resolveSegment,
  type SavedSegmentContent,
} from './resolve.js';
export { type SavedSegment, SegmentNameSchema } from './saved.js';
