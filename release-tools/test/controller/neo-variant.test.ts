// A single-model (Neo) release: its production variant is added before the warm-up, the warm-up goes
// through TargetVariant, and variants no record needs any more are taken off after promotion,
// rollback or retirement. The SageMaker side is the in-memory endpoint behind the real adapter.
import 'aws-sdk-client-mock-vitest/extend';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SageMakerProductionVariants } from '../../src/adapters/aws/sagemaker-production-variants.ts';
import { SageMakerWarmHost } from '../../src/adapters/aws/sagemaker-warm-host.ts';
import { createController } from '../../src/controller/create-controller.ts';
import { appendIntent, type IntentLog, intentKey } from '../../src/domain/intents.ts';
import { variantNameOf } from '../../src/domain/variant-name.ts';
import type { PreparedRelease } from '../../src/ports/release-preparer.ts';
import { fakeVariantEndpoints } from '../adapters/fake-variant-endpoint.ts';
import { harness, manifestOf } from './harness.ts';

const VARIANTS = 'scoring-variants';
const IMAGE = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-pytorch:1.6-cpu-py3';
const neoModel = (version: string) =>
  `  - { name: fraud, version: ${version}, artifact: m/fraud/${version}/model.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] }, compile: { engine: neo }, serving: single-model }\n`;
const sha = (version: string) => version.replaceAll('.', '').padEnd(64, 'c');
const variantOf = (version: string) => variantNameOf('fraud', version, sha(version));

function neoHarness(options: { recordImage?: boolean } = {}) {
  const sagemaker = mockClient(SageMakerClient);
  const endpoint = fakeVariantEndpoints(sagemaker);
  const runtime = mockClient(SageMakerRuntimeClient);
  runtime.on(InvokeEndpointCommand).resolves({});
  const h = harness(manifestOf(neoModel('1.0.0')));
  const controller = createController({
    ...h.deps,
    // What the Register stage recorded (releases/<model>/<version>), as StatePreparedReleases reads it.
    preparer: {
      prepare: async (spec): Promise<PreparedRelease> => ({
        targetModel: `fraud/${spec.version}-${sha(spec.version).slice(0, 12)}/model-ml_c5.tar.gz`,
        sha256: sha(spec.version),
        targetVariant: variantOf(spec.version),
        ...(options.recordImage === false ? {} : { variant: { image: IMAGE, instanceType: 'ml.c5.xlarge' } }),
      }),
    },
    host: new SageMakerWarmHost({
      client: new SageMakerRuntimeClient({ region: 'eu-west-1' }),
      endpointName: 'scoring-mme',
      variantEndpointName: VARIANTS,
    }),
    variants: new SageMakerProductionVariants({
      client: new SageMakerClient({ region: 'eu-west-1' }),
      endpointName: VARIANTS,
      roleArn: 'arn:aws:iam::123456789012:role/endpoint-execution',
      modelsS3Uri: 's3://data/models/',
    }),
  });
  const tick = () => controller.reconcile(h.now());
  const restore = () => {
    sagemaker.restore();
    runtime.restore();
  };
  return { h, endpoint, runtime, tick, restore };
}

/** Ticks until the model reaches `phase` (the endpoint settling between ticks), at most 12 ticks. */
async function until(n: ReturnType<typeof neoHarness>, phase: string): Promise<string[]> {
  const actions: string[] = [];
  for (let i = 0; i < 12; i++) {
    const report = await n.tick();
    actions.push(report.models[0]!.action);
    if (report.models[0]!.phase === phase) return actions;
    n.endpoint.settle();
    n.h.advance(61_000);
  }
  throw new Error(`never reached ${phase}: ${actions.join(' | ')}`);
}

describe('controller: a Neo-compiled version on its own production variant', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('creates the variant, waits for it, warms it by TargetVariant, and only then promotes it', async () => {
    const n = neoHarness();
    restore = n.restore;

    const actions = await until(n, 'Promoted');

    expect(actions).toEqual([
      'started',
      'compiling',
      'registered',
      expect.stringMatching(/^waiting: adding variant fraud-1-0-0-100c+ to scoring-variants \(CreateEndpoint/),
      'promoted',
    ]);
    expect(n.endpoint.variantsOf(VARIANTS)).toEqual([variantOf('1.0.0')]);
    expect(n.runtime).toHaveReceivedCommandTimes(InvokeEndpointCommand, 1);
    expect(n.runtime).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: VARIANTS,
      TargetVariant: variantOf('1.0.0'),
    });
    expect((await n.h.router.readTable()).routes.fraud?.stable).toMatchObject({ targetVariant: variantOf('1.0.0') });
  });

  it('keeps stable and candidate variants during the canary and takes the old stable off after promotion', async () => {
    const n = await canaryOf110();
    restore = n.restore;

    expect(n.endpoint.variantsOf(VARIANTS)).toEqual([variantOf('1.0.0'), variantOf('1.1.0')]);
    // A tick while both are in use removes nothing.
    expect((await n.tick()).variants).toEqual({ removed: [] });

    await intend(n, 'promote');
    const report = await n.tick();

    expect(report.variants).toEqual({ removed: [variantOf('1.0.0')] });
    n.endpoint.settle();
    expect(n.endpoint.variantsOf(VARIANTS)).toEqual([variantOf('1.1.0')]);
    await n.tick(); // settled: the old config and model are deleted
    expect(n.endpoint.configs.size).toBe(1);
    expect(n.endpoint.models.size).toBe(1);
  });

  it('takes the candidate variant off after a rollback', async () => {
    const n = await canaryOf110();
    restore = n.restore;

    await intend(n, 'rollback');
    const report = await n.tick();

    expect(report.variants).toEqual({ removed: [variantOf('1.1.0')] });
    n.endpoint.settle();
    expect(n.endpoint.variantsOf(VARIANTS)).toEqual([variantOf('1.0.0')]);
  });

  it('deletes the variant endpoint when the last Neo model is retired', async () => {
    const n = neoHarness();
    restore = n.restore;
    await until(n, 'Promoted');

    n.h.setDesired({ ...manifestOf(neoModel('1.0.0')), models: [] });
    const report = await n.tick();

    expect(report.models[0]!.phase).toBe('Retired');
    expect(report.variants).toEqual({ removed: [variantOf('1.0.0')] });
    expect(n.endpoint.endpoints.size).toBe(0);
  });

  it('aborts a release registered before variants were recorded (no image), naming the fix', async () => {
    // The releases/<model>/<version> record as the previous release wrote it: no `variant`.
    const n = neoHarness({ recordImage: false });
    restore = n.restore;

    const actions = await until(n, 'Aborted');

    expect(actions.at(-1)).toBe('aborted');
    const record = await n.h.record('fraud');
    expect(record?.history.at(-1)?.why).toBe(
      `production variant ${variantOf('1.0.0')}: the registered release names no inference image; run the Register stage again (mlrelease register fraud)`,
    );
    expect(n.endpoint.endpoints.size).toBe(0);
  });
});

/** 1.0.0 promoted on its variant, then 1.1.0 in its canary on a second one (the endpoint settled). */
async function canaryOf110(): Promise<ReturnType<typeof neoHarness>> {
  const n = neoHarness();
  try {
    await until(n, 'Promoted');
    n.h.setDesired(manifestOf(neoModel('1.1.0')));
    await until(n, 'Progressing');
    n.endpoint.settle();
    return n;
  } catch (error) {
    n.restore();
    throw error;
  }
}

/** What `mlrelease promote --full` / `rollback` record: an intent the next tick acts on. */
async function intend(n: ReturnType<typeof neoHarness>, type: 'promote' | 'rollback'): Promise<void> {
  const current = await n.h.store.get<IntentLog>(intentKey('fraud'));
  const log = appendIntent(current?.value, 'fraud', { type, at: n.h.now(), who: 'test', full: true });
  await n.h.store.put(intentKey('fraud'), log, current?.version ?? null);
}
