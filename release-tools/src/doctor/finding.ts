// What `mlrelease doctor` reports: one finding per prerequisite, with what to do when it is not met.

export type FindingStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Finding {
  /** Stable identifier for scripts (`--json`), e.g. `bootstrap`, `quota.lambda-concurrency`. */
  readonly check: string;
  readonly status: FindingStatus;
  /** What was found, in one line. */
  readonly summary: string;
  /** What to do about it (warn and fail only). */
  readonly fix?: string;
}

/** Doctor fails when a prerequisite is not met; warnings (not deployed yet, could not read) do not fail it. */
export function hasFailure(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === 'fail');
}

const MARK: Record<FindingStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

export function renderFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  const lines = findings.flatMap((f) => [
    `${MARK[f.status]}  ${f.check.padEnd(width)}  ${f.summary}`,
    ...(f.fix ? [`      ${' '.repeat(width)}  -> ${f.fix}`] : []),
  ]);
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  lines.push(
    failed > 0
      ? `${failed} prerequisite${failed === 1 ? '' : 's'} not met${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}`
      : `every prerequisite checked is met${warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
