// `mlrelease pipeline` locally: the runs `npm start` records for each saved models.yaml, read back
// through the CLI from a state dir, as on AWS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { LocalPipelineRecorder, RecordedPipelineRuns } from '../../src/pipeline-view/recorded-runs.ts';
import { runMlrelease } from '../cli/run-cli.ts';

let clock = Date.UTC(2026, 11, 2, 10, 0, 0);
const now = () => clock;
const noFailure = (error: unknown) => {
  throw error;
};

describe('LocalPipelineRecorder', () => {
  it('records Validate, ApproveRelease, Release for a saved models.yaml, newest first, with its digest', async () => {
    const runs = new RecordedPipelineRuns(new MemoryStateStore());
    const recorder = new LocalPipelineRecorder(runs, now, noFailure);
    await recorder.released('a: 1', 'fraud-detector@1.1.0', async () => {});
    clock += 1000;
    await recorder.rejected('a: [', ['models.yaml:1:4: unexpected end']);
    const [rejected, released] = await runs.latest(5);
    expect(released).toMatchObject({
      status: 'Succeeded',
      startedAt: '2026-12-02T10:00:00.000Z',
      revision: { summary: 'fraud-detector@1.1.0' },
    });
    expect(released?.revision?.id).toMatch(/^[0-9a-f]{12}$/);
    expect(released?.stages.map((s) => [s.name, s.actions[0]?.status])).toEqual([
      ['Validate', 'Succeeded'],
      ['ApproveRelease', 'Succeeded'],
      ['Release', 'Succeeded'],
    ]);
    expect(rejected?.status).toBe('Failed');
    expect(rejected?.stages.map((s) => s.actions[0]?.status)).toEqual(['Failed', 'NotStarted', 'NotStarted']);
    expect(rejected?.stages[0]?.actions[0]?.error).toBe('models.yaml:1:4: unexpected end');
  });

  it('a release that cannot be applied fails its Release stage with the reason, and the error still reaches the caller', async () => {
    const runs = new RecordedPipelineRuns(new MemoryStateStore());
    await expect(
      new LocalPipelineRecorder(runs, now, noFailure).released('b: 2', 'x@1', async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const [run] = await runs.latest(1);
    expect(run?.status).toBe('Failed');
    expect(run?.stages[2]?.actions[0]).toMatchObject({ status: 'Failed', error: 'disk full' });
  });
});

describe('LocalPipelineRecorder when runs cannot be written', () => {
  it('still applies the release, and reports each failed write', async () => {
    const failing = new MemoryStateStore();
    failing.put = async () => {
      throw new Error('ENOSPC: no space left on device');
    };
    const failures: unknown[] = [];
    let applied = false;
    await new LocalPipelineRecorder(new RecordedPipelineRuns(failing), now, (e) => failures.push(e)).released(
      'd: 4',
      'x@2',
      async () => {
        applied = true;
      },
    );
    expect(applied).toBe(true);
    expect(failures.map(String)).toEqual([
      'Error: ENOSPC: no space left on device',
      'Error: ENOSPC: no space left on device',
    ]);
  });
});

describe('mlrelease pipeline (local state dir)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipeline-runs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('status reads what the platform recorded; approve says no approval is waiting locally (exit 1)', async () => {
    const store = new FileStateStore(join(dir, 'state'));
    await new LocalPipelineRecorder(new RecordedPipelineRuns(store), now, noFailure).released(
      'c: 3',
      'churn-scorer@1.1.0',
      async () => {},
    );
    const status = await runMlrelease(['pipeline', 'status', '--state-dir', dir], dir);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/run \S+ Succeeded started .* "churn-scorer@1.1.0"/);
    expect(status.out).toContain('  ok   Release  desired state recorded');
    const approve = await runMlrelease(['pipeline', 'approve', '--state-dir', dir], dir);
    expect(approve.code).toBe(1);
    expect(approve.err).toContain('no approval is waiting');
  });

  it('status with no runs yet says how to make one', async () => {
    const status = await runMlrelease(['pipeline', 'status', '--state-dir', dir], dir);
    expect(status.out).toBe('no pipeline runs yet: commit a change to models.yaml\n');
    expect(status.code).toBe(0);
  });
});
