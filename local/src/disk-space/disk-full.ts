// Whether an error (or one of its causes) is the disk being full: the state dir's file system out
// of space (ENOSPC) or the user out of quota (EDQUOT). Such a write can succeed later.
const FULL = new Set(['ENOSPC', 'EDQUOT']);

export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++)
    if (FULL.has((e as NodeJS.ErrnoException).code ?? '')) return true;
  return false;
}
