export {
  AlreadyExistsError,
  ConcurrentUpdateError,
  ContactkitError,
  IdentityTakenError,
  type Issue,
  NotFoundError,
  type OpenConversation,
  OpenConversationsError,
  ValidationError,
  WorkspaceMismatchError,
} from './errors.js';
