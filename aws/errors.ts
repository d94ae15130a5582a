/** SDK errors matched by name/code on purpose: throttling, access denied, not found, unreachable. */
type SdkError = { name?: string; code?: string; Code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean }; message?: string; cause?: unknown };

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException',
  'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthFailure', 'UnrecognizedClientException',
  'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'AWSOrganizationsNotInUseException', 'OptInRequired',
]);

export function errorCode(err: unknown): string {
  const e = err as SdkError;
  return e?.name && e.name !== 'Error' ? e.name : e?.code ?? e?.Code ?? 'Error';
}

export function isThrottling(err: unknown): boolean {
  const e = err as SdkError;
  return THROTTLING.has(errorCode(err)) || e?.$retryable?.throttling === true || e?.$metadata?.httpStatusCode === 429;
}

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(errorCode(err)) || (err as SdkError)?.$metadata?.httpStatusCode === 403;
}

export function isNotFound(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ResourceNotFoundException' || code === 'NoSuchEntity' || /NotFound/.test(code) || (err as SdkError)?.$metadata?.httpStatusCode === 404;
}

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);

export function isUnreachable(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as SdkError).code ?? (e as SdkError).name;
    if (code && NETWORK.has(code)) return true;
    e = (e as SdkError).cause;
  }
  return false;
}

/** The SDK could not parse the response body (truncated, cut mid-way, not JSON/XML). */
export function isMalformedResponse(err: unknown): boolean {
  const e = err as SdkError;
  return e?.name === 'SyntaxError' || /Deserialization error/.test(e?.message ?? '');
}

/** A one-line description that says what kind of failure it was; never includes credentials. */
export function describeAwsError(err: unknown): string {
  const code = errorCode(err);
  const msg = ((err as SdkError)?.message ?? String(err)).split('\n')[0];
  if (isUnreachable(err)) return `endpoint unreachable (${code}): ${msg}`;
  if (isThrottling(err)) return `throttled after retries (${code}): ${msg}`;
  if (isAccessDenied(err)) return `access denied (${code}): ${msg}`;
  return `${code}: ${msg}`;
}
