// The HTTP face of the disk: which requests that store something are refused before they are read
// (a read-only start: 503; a disk under its reserve: 507), and the answer for a write that failed
// because the disk filled up meanwhile (507, not a 500: nothing of it was accepted, retry later).
import { type ApiResponse, apiError } from '../../../inference-stack/src/handlers/api.ts';
import { isDiskFull } from './disk-full.ts';
import type { DiskSpaceGuard } from './disk-space-guard.ts';

export interface WriteAdmission {
  admitWrite(): Promise<ApiResponse | undefined>;
  answerError(error: unknown, requestId: string): ApiResponse | undefined;
}

export function writeAdmission(options: {
  /** Why the platform is read-only now; undefined when it writes. */
  readonly readOnly: () => string | undefined;
  readonly guard: Pick<DiskSpaceGuard, 'admit' | 'noteFull'>;
  readonly log: (line: string) => void;
}): WriteAdmission {
  return {
    async admitWrite() {
      const readOnly = options.readOnly();
      if (readOnly !== undefined) return apiError(503, 'ReadOnly', readOnlyMessage(readOnly), { 'retry-after': '60' });
      const admission = await options.guard.admit();
      return admission.ok ? undefined : insufficientStorage(admission.retryAfterSeconds);
    },
    answerError(error, requestId) {
      if (!isDiskFull(error)) return undefined;
      options.guard.noteFull();
      options.log(`http: request ${requestId} refused, the disk is full: ${String(error)}`);
      return insufficientStorage(30);
    },
  };
}

/** What a read-only platform says (503s, health): why, and that it resumes by itself. */
export const readOnlyMessage = (reason: string): string =>
  `the platform is read-only: its state dir cannot be written (${reason}); free space (or make it writable): it keeps checking and resumes writing by itself, no restart needed`;

/** 507 as WebDAV's Insufficient Storage: nothing of the request was kept; it may be sent again later. */
function insufficientStorage(retryAfterSeconds: number): ApiResponse {
  return apiError(
    507,
    'InsufficientStorage',
    "the platform's disk is full: the request was not accepted (nothing accepted before is lost); retry later",
    { 'retry-after': String(retryAfterSeconds) },
  );
}
