export {
  applyConversationUpdate,
  applyMessage,
  type ConversationUpdate,
  type FactMessage,
  newConversationFacts,
  recordFollowUpSent,
} from './apply-message.js';
export {
  type ConsentHold,
  channelRule,
  consentHold,
  type ServiceWindow,
  serviceWindow,
} from './channel-rules.js';
export { followUpFactsOf, reminderFact } from './contact-facts.js';
export {
  type DueFollowUp,
  dueFollowUps,
  type EvaluateOptions,
  evaluateFollowUps,
  type FollowUpEvaluation,
  type FollowUpItemRef,
  type HeldFollowUp,
  HOLD_REASONS,
  type HoldReason,
} from './due.js';
export { type Duration, DurationSchema, durationMs } from './duration.js';
export {
  type ConversationFacts,
  ConversationFactsSchema,
  FACT_TEXT_LENGTH,
  type FollowUpContactFacts,
  type ReminderFact,
} from './facts.js';
export { type FollowUpOccurrence, followUpKey, reviewKey } from './item-key.js';
export {
  DEFAULT_INTENT_RULES,
  DEFAULT_MARKER_RULES,
  DEFAULT_PROMISE_PHRASES,
  DEFAULT_PROMISE_TIMES,
  DEFAULT_QUESTION_PHRASES,
  type DetectedMarkers,
  detectMarkers,
  type MarkerKinds,
  type MarkerRules,
  type MarkerRulesInput,
  MarkerRulesSchema,
  MESSAGE_ROLES,
  type MessageMarkers,
  type MessageMarkersInput,
  MessageMarkersSchema,
  type MessageRole,
  MessageRoleSchema,
  messageRole,
  type PromiseMarker,
} from './markers.js';
export {
  ChannelNameSchema,
  GradeNameSchema,
  IntentNameSchema,
  RuleIdSchema,
  TimeZoneSchema,
} from './names.js';
export {
  attributeOrder,
  cancelOnReply,
  expireNoResponse,
} from './outcomes.js';
export { MAX_PHRASE_WORDS, MAX_SCANNED_CHARS, PhraseSchema } from './phrases.js';
export { type FollowUpSweepInput, type FollowUpSweepPlan, planFollowUpSweep } from './plan-sweep.js';
export {
  isQuietAt,
  nextAllowedInstant,
  type QuietHours,
  QuietHoursSchema,
  TimeOfDaySchema,
  WEEKDAYS,
  type Weekday,
  WeekdaySchema,
} from './quiet-hours.js';
export { type ChangeRecords, changeLogEntry } from './records.js';
export {
  BUILTIN_CHANNEL_RULES,
  type ChannelRule,
  ChannelRuleSchema,
  type CustomTriggerRule,
  CustomTriggerRuleSchema,
  DEFAULT_FOLLOW_UP_SETTINGS,
  DisengagedTriggerSchema,
  FOLLOW_UP_PRESET_NAMES,
  FOLLOW_UP_PRESETS,
  type FollowUpConfigInput,
  FollowUpConfigSchema,
  type FollowUpPresetName,
  FollowUpPresetNameSchema,
  type FollowUpSettings,
  type FollowUpSettingsInput,
  FollowUpSettingsSchema,
  PromiseTriggerSchema,
  parseFollowUpSettings,
  TimingSchema,
  type TriggerDelay,
  TriggerDelaySchema,
  UndecidedTriggerSchema,
} from './settings.js';
export {
  type Acting,
  approveFollowUp,
  assignFollowUp,
  canMoveFollowUp,
  dismissFollowUp,
  editFollowUp,
  FOLLOW_UP_MOVES,
  type FollowUpAction,
  type FollowUpChange,
  markFollowUpConverted,
  markFollowUpNoResponse,
  markFollowUpReplied,
  markFollowUpSent,
  openFollowUp,
  suggestFollowUpDraft,
} from './transitions.js';
export { isValidTimeZone, type WallTime, wallTimeAt } from './zoned-time.js';
