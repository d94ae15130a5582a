/** The few named errors Warden raises. Each carries `cause` so the original SDK/SQLite error is never lost. */
export class WardenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad configuration: the message names the path of the offending key. */
export class ConfigError extends WardenError {
  constructor(message: string, readonly issues: string[] = [], options?: { cause?: unknown }) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message, options);
  }
}

/** The database cannot be opened, is locked beyond the busy timeout, or is read-only. */
export class DatabaseError extends WardenError {}

/** An AWS call failed in a way the caller decided to surface (after retries). */
export class AwsCallError extends WardenError {
  constructor(
    message: string,
    readonly details: { service: string; operation: string; accountId?: string; region?: string; code?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An AWS response that does not have the shape or values Warden relies on. */
export class BadResponseError extends WardenError {}

/** Input from a user (CLI argument, API parameter) that is invalid. */
export class InputError extends WardenError {
  constructor(message: string, readonly field?: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class NotFoundError extends WardenError {}
export class ConflictError extends WardenError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
