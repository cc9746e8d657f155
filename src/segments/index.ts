export { matchesSegment } from './evaluate.js';
export {
  BUILTIN_SEGMENTS,
  type BuiltinSegment,
  BuiltinSegmentSchema,
  CUSTOM_FIELD_OPS,
  type CustomFieldOp,
  MAX_SEGMENT_DEPTH,
  parseSegmentFilter,
  SEGMENT_DATE_FIELDS,
  type SegmentDateField,
  type SegmentFilter,
  type SegmentFilterInput,
  SegmentFilterSchema,
  type SegmentRef,
  type SegmentRefInput,
  SegmentRefSchema,
  segmentFilterOf,
} from './filter.js';
