import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExampleModels } from '../../../local/src/example-models/index.ts';
import { runCli } from '../../src/cli/app.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function workspace(examples = true): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cli-registry-'));
  roots.push(root);
  await copyFile(join(import.meta.dirname, '../../../models.yaml'), join(root, 'models.yaml'));
  if (examples) await writeExampleModels(root);
  return root;
}

async function run(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    env: { MLRELEASE_USER: 'alice' },
    cwd,
  });
  return { code, out, err };
}

describe('mlrelease compile / register / registry', () => {
  it('compile prints fewer nodes and equal outputs', async () => {
    const root = await workspace();

    const { code, out } = await run(root, 'compile', 'fraud-detector');

    expect(code).toBe(0);
    expect(out).toContain('fraud-detector 1.0.0 compiled for ml_c5 (onnxruntime)');
    expect(out).toMatch(/nodes {5}9 -> 2/);
    expect(out).toContain('outputs   equal');
  });

  it('compile --json gives the report and the artifact refs', async () => {
    const root = await workspace();

    const { code, out } = await run(root, 'compile', 'churn-scorer', '--json');

    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      model: 'churn-scorer',
      compiled: { key: expect.stringMatching(/^churn-scorer\/1\.0\.0-[0-9a-f]{12}\/model\.optimized\.onnx$/) },
      report: { outputsEqual: true, nodesBefore: 5, nodesAfter: 1 },
    });
  });

  it('a wrong input signature fails before compiling with a positioned error', async () => {
    const root = await workspace();
    const path = join(root, 'models.yaml');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('dtype: float32, shape: [-1, 30]', 'dtype: float32, shape: [-1, 31]'),
    );

    const { code, err } = await run(root, 'compile', 'fraud-detector');

    expect(code).toBe(1);
    expect(err).toMatch(/^models\.yaml:\d+:\d+: models\[0\]\.input\.shape: models\.yaml says \[-1, 31\]/);
  });

  it('on a fresh clone, a missing artifact is positioned with a hint; --examples generates the models', async () => {
    const root = await workspace(false);

    const missing = await run(root, 'compile', 'fraud-detector');
    const generated = await run(root, 'register', 'fraud-detector', '--examples');

    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^models\.yaml:\d+:\d+: models\[0\]\.artifact: cannot read .*: file not found\nhint: .*--examples/,
    );
    expect(generated.code).toBe(0);
    expect(generated.out).toContain('fraud-detector 1.0.0 registered');
  });

  it('an unknown model is a clear failure', async () => {
    const root = await workspace();

    const { code, err } = await run(root, 'compile', 'nope');

    expect(code).toBe(1);
    expect(err).toContain('no model "nope" (models: fraud-detector, churn-scorer)');
  });

  it('register, then list, approve and show', async () => {
    const root = await workspace();

    const registered = await run(root, 'register', 'fraud-detector', '--commit', 'abc1234');
    const again = await run(root, 'register', 'fraud-detector');
    const list = await run(root, 'registry', 'list');
    const approved = await run(root, 'registry', 'approve', 'fraud-detector', '1.0.0', '--reason', 'ok');
    const shown = await run(root, 'registry', 'show', 'fraud-detector', '1.0.0', '--json');

    expect(registered.out).toContain('fraud-detector 1.0.0 registered: PendingManualApproval');
    expect(again.out).toContain('fraud-detector 1.0.0 already registered');
    expect(list.out).toMatch(
      /fraud-detector\s+1\.0\.0\s+PendingManualApproval\s+\S+\s+alice\s+fraud-detector\/1\.0\.0-/,
    );
    expect(approved.out).toBe('fraud-detector 1.0.0: Approved\n');
    expect(JSON.parse(shown.out)).toMatchObject({
      approval: 'Approved',
      approvalChange: { by: 'alice', reason: 'ok' },
      lineage: { sourceCommit: 'abc1234', registeredBy: 'alice' },
    });
  });

  it('approve --reject records a rejection; an unregistered version fails', async () => {
    const root = await workspace();
    await run(root, 'register', 'churn-scorer');

    const rejected = await run(root, 'registry', 'approve', 'churn-scorer', '1.0.0', '--reject');
    const missing = await run(root, 'registry', 'show', 'churn-scorer', '9.9.9');

    expect(rejected.out).toBe('churn-scorer 1.0.0: Rejected\n');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('churn-scorer@9.9.9 is not registered');
  });
});
