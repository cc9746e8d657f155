export {
  AlreadyExistsError,
  ConcurrentUpdateError,
  ContactkitError,
  IdentityTakenError,
  type Issue,
  NotFoundError,
  ValidationError,
  WorkspaceMismatchError,
} from './errors.js';
