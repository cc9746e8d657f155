export {
  AlreadyExistsError,
  ConcurrentUpdateError,
  ContactkitError,
  IdentityTakenError,
  type Issue,
  MergeNotUndoableError,
  type MergeNotUndoableReason,
  NotFoundError,
  type OpenConversation,
  OpenConversationsError,
  ValidationError,
  WorkspaceMismatchError,
} from './errors.js';
