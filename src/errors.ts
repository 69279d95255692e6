/**
 * One error type with stable codes, and one place that turns any thrown value into an HTTP
 * answer (style-examples.md §6, after Medplum's outcomes.ts and jose's error codes).
 * Tests assert `code`, never message text.
 */

export type ErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_HOOK_REQUEST'
  | 'INVALID_FEEDBACK'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNKNOWN_SERVICE'
  | 'NOT_FOUND'
  | 'BODY_TOO_LARGE'
  | 'FHIR_DATA_UNAVAILABLE'
  | 'FHIR_SERVER_NOT_ALLOWED'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_JSON: 400,
  INVALID_HOOK_REQUEST: 400,
  INVALID_FEEDBACK: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNKNOWN_SERVICE: 404,
  NOT_FOUND: 404,
  BODY_TOO_LARGE: 413,
  FHIR_DATA_UNAVAILABLE: 412,
  FHIR_SERVER_NOT_ALLOWED: 412,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};

/** FHIR issue-type code for each error (OperationOutcome.issue.code). */
const ISSUE_TYPE_BY_CODE: Record<ErrorCode, string> = {
  INVALID_JSON: 'structure',
  INVALID_HOOK_REQUEST: 'invalid',
  INVALID_FEEDBACK: 'invalid',
  UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  UNKNOWN_SERVICE: 'not-found',
  NOT_FOUND: 'not-found',
  BODY_TOO_LARGE: 'too-costly',
  FHIR_DATA_UNAVAILABLE: 'incomplete',
  FHIR_SERVER_NOT_ALLOWED: 'forbidden',
  UNAUTHORIZED: 'login',
  RATE_LIMITED: 'throttled',
  STORE_UNAVAILABLE: 'transient',
  CONFIG_INVALID: 'exception',
  INTERNAL: 'exception',
};

export const ERROR_CODE_SYSTEM = 'https://netcds.org/fhir/CodeSystem/error';

/** One problem within an error, e.g. one zod issue with its dotted path. */
export interface ErrorIssue {
  message: string;
  /** Dotted path into the request, e.g. `context.userId` or `prefetch.patient`. */
  path?: string;
}

export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[];

  constructor(code: ErrorCode, message: string, issues: ErrorIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceError';
    this.code = code;
    this.issues = issues;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export interface HttpError {
  status: number;
  code: ErrorCode;
  body: OperationOutcomeBody;
}

export interface OperationOutcomeBody {
  resourceType: 'OperationOutcome';
  issue: Array<{
    severity: 'error' | 'fatal';
    code: string;
    details: { coding: Array<{ system: string; code: ErrorCode }>; text: string };
    expression?: string[];
  }>;
}

/**
 * Normalise anything thrown into the HTTP answer. Unknown errors become a 500 whose text
 * says nothing about internals (no stack, no message from a library).
 */
export function toHttp(err: unknown): HttpError {
  const known = normalizeError(err);
  const issues = known.issues.length > 0 ? known.issues : [{ message: known.message }];
  const coding = [{ system: ERROR_CODE_SYSTEM, code: known.code }];
  return {
    status: known.status,
    code: known.code,
    body: {
      resourceType: 'OperationOutcome',
      issue: issues.map((i) => ({
        severity: known.status >= 500 ? 'fatal' : 'error',
        code: ISSUE_TYPE_BY_CODE[known.code],
        details: { coding, text: i.path && known.issues.length > 0 ? `${i.path}: ${i.message}` : i.message },
        ...(i.path ? { expression: [i.path] } : {}),
      })),
    },
  };
}

export function normalizeError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  const bodyParserType = (err as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') {
    return new ServiceError('INVALID_JSON', 'request body is not valid JSON');
  }
  if (bodyParserType === 'entity.too.large') {
    return new ServiceError('BODY_TOO_LARGE', 'request body is larger than the configured limit (BODY_LIMIT)');
  }
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'request body encoding or charset is not supported');
  }
  return new ServiceError('INTERNAL', 'internal error: the request could not be processed', [], { cause: err });
}
