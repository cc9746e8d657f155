/** A problem with how a command was called (exit code 2), as opposed to a failed job (exit 1). */
export class UsageError extends Error {}
