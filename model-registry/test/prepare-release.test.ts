import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExampleModels } from '../../local/src/example-models/index.ts';
import { PrecheckError } from '../src/domain/compile-precheck.ts';
import { formatIssue } from '../src/domain/manifest/issues.ts';
import { loadManifest } from '../src/domain/manifest/load-manifest.ts';
import type { EndpointSpec, ModelSpec } from '../src/domain/manifest/types.ts';
import { localRegistryAdapters } from '../src/local-adapters.ts';
import type { ModelCompiler } from '../src/ports/compiler.ts';
import { RegistryConflictError } from '../src/ports/model-registry.ts';
import { precheckIssues } from '../src/precheck-issues.ts';
import { prepareRelease } from '../src/prepare-release.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

const manifestText = (shape = '[-1, 30]', target = 'ml_c5') => `apiVersion: mlrelease/v1
endpoint: { name: scoring-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ${target} }
  release: { strategy: all-at-once, gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 10 } }
models:
  - name: fraud-detector
    version: 1.1.0
    artifact: models/fraud-detector/1.1.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: ${shape} }
`;

function parse(text: string): { spec: ModelSpec; endpoint: EndpointSpec } {
  const result = loadManifest(text);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return { spec: result.manifest.models[0]!, endpoint: result.manifest.endpoint };
}

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'prepare-'));
  roots.push(root);
  await writeExampleModels(root);
  const adapters = localRegistryAdapters(join(root, '.mlrelease'));
  let compiles = 0;
  const compiler: ModelCompiler = {
    compile: (request) => {
      compiles++;
      return adapters.compiler.compile(request);
    },
  };
  const deps = (endpoint: EndpointSpec) => ({
    ...adapters,
    compiler,
    manifestDir: root,
    endpoint,
    clock: () => new Date('2026-11-24T21:00:00.000Z'),
    who: 'alice',
    commit: 'abc1234',
  });
  return { root, adapters, deps, compiles: () => compiles };
}

describe('prepareRelease', () => {
  it('stores, compiles and registers a version with its lineage', async () => {
    const { deps, adapters } = await setup();
    const { spec, endpoint } = parse(manifestText());

    const prepared = await prepareRelease(spec, deps(endpoint));

    expect(prepared.reused).toBe(false);
    expect(prepared.source.key).toMatch(/^fraud-detector\/1\.1\.0-[0-9a-f]{12}\/model\.onnx$/);
    expect(prepared.compiled.key).toMatch(/^fraud-detector\/1\.1\.0-[0-9a-f]{12}\/model\.optimized\.onnx$/);
    expect(prepared.report.nodesAfter).toBeLessThan(prepared.report.nodesBefore!);
    expect(prepared.report.outputsEqual).toBe(true);
    expect(prepared.registration).toMatchObject({
      approval: 'PendingManualApproval',
      lineage: { sourceCommit: 'abc1234', registeredBy: 'alice', registeredAt: '2026-11-24T21:00:00.000Z' },
    });
    expect(await adapters.artifacts.exists(prepared.compiled.key)).toBe(true);
  });

  it('is idempotent: a second run returns the same keys and compiles nothing', async () => {
    const { deps, compiles } = await setup();
    const { spec, endpoint } = parse(manifestText());
    const first = await prepareRelease(spec, deps(endpoint));

    const second = await prepareRelease(spec, deps(endpoint));

    expect(second.reused).toBe(true);
    expect(second.compiled).toEqual(first.compiled);
    expect(second.registration).toEqual(first.registration);
    expect(compiles()).toBe(1);
  });

  it('rejects a wrong input shape before storing or compiling anything, at its models.yaml position', async () => {
    const { deps, root, compiles } = await setup();
    const text = manifestText('[-1, 31]');
    const { spec, endpoint } = parse(text);

    const error = await prepareRelease(spec, deps(endpoint)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PrecheckError);
    expect(precheckIssues(error as PrecheckError, text, 'models.yaml', 0).map(formatIssue)).toEqual([
      `models.yaml:11:53: models[0].input.shape: models.yaml says [-1, 31], the model's input "features" is [batch, 30]: dimension 1 is 30 in the model`,
    ]);
    expect(compiles()).toBe(0);
    expect(await readdir(root)).not.toContain('.mlrelease');
  });

  it('rejects a dimension declared dynamic that the model fixes (it would pass the API, then fail in the model)', async () => {
    const { deps, compiles } = await setup();
    const text = manifestText('[batch, width]');
    const { spec, endpoint } = parse(text);

    const error = await prepareRelease(spec, deps(endpoint)).catch((e: unknown) => e);

    expect(precheckIssues(error as PrecheckError, text, 'models.yaml', 0).map(formatIssue)).toEqual([
      `models.yaml:11:53: models[0].input.shape: models.yaml says [batch, width], the model's input "features" is [batch, 30]: dimension 1 is fixed at 30 in the model`,
    ]);
    expect(compiles()).toBe(0);
  });

  it('rejects a Neo target that does not match the endpoint instance family, pointing at defaults', async () => {
    const { deps } = await setup();
    const text = manifestText('[-1, 30]', 'ml_m5');
    const { spec, endpoint } = parse(text);

    const error = (await prepareRelease(spec, deps(endpoint)).catch((e: unknown) => e)) as PrecheckError;

    expect(precheckIssues(error, text, 'models.yaml', 0).map(formatIssue)).toEqual([
      'models.yaml:4:22: models[0].compile.target: Neo target ml_m5 does not match endpoint instance type ml.c5.xlarge (use ml_c5)',
    ]);
  });

  it('refuses a registered version whose artifact bytes changed', async () => {
    const { deps, root } = await setup();
    const { spec, endpoint } = parse(manifestText());
    await prepareRelease(spec, deps(endpoint));
    const other = join(root, 'models/fraud-detector/1.0.0/model.onnx');
    await writeFile(join(root, spec.artifact), await readFile(other));

    await expect(prepareRelease(spec, deps(endpoint))).rejects.toBeInstanceOf(RegistryConflictError);
  });

  it('reports a missing artifact as a pre-check on the artifact field', async () => {
    const { deps } = await setup();
    const { spec, endpoint } = parse(manifestText());

    await expect(prepareRelease({ ...spec, artifact: 'models/nope/model.onnx' }, deps(endpoint))).rejects.toThrow(
      'fraud-detector: artifact: cannot read models/nope/model.onnx: file not found',
    );
  });
});
