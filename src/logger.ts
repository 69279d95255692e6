/**
 * Structured logging (pino). The service never passes request bodies, prefetch contents,
 * JWTs, access tokens or patient identifiers to the logger; the redaction list below is
 * the second line of defence should someone log an object carrying one of them.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The process's log destination: stdout, written asynchronously in 4 KiB chunks (a write per
 * request line would cost a system call per request). Flushed on shutdown.
 */
export function stdoutDestination(): DestinationStream & { flushSync(): void } {
  return pino.destination({ dest: 1, sync: false, minLength: 4096 });
}

export type { Logger };

const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'access_token',
  '*.access_token',
  'fhirAuthorization',
  '*.fhirAuthorization',
  'prefetch',
  '*.prefetch',
  'context',
  '*.context',
  'patientId',
  '*.patientId',
  'token',
  '*.token',
  'jwt',
  '*.jwt',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'netcds' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Error objects can carry library messages with URLs and headers: log only name and code.
      serializers: { err: serializeErrorSafely },
    },
    destination,
  );
}

function serializeErrorSafely(err: unknown): Record<string, unknown> {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown };
    return { name: typeof e.name === 'string' ? e.name : 'Error', code: typeof e.code === 'string' ? e.code : undefined };
  }
  return { name: typeof err };
}
