// decide() one step at a time, with stub ports: which step follows which state, and which failures
// abort a rollout (a verdict on the release) versus wait for the next tick (a passing condition).
import { InvokeEndpointCommand, SageMakerRuntimeClient, ServiceUnavailable } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelInvocationError } from '../../../inference-stack/src/ports/model-host.ts';
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';
import { SageMakerWarmHost } from '../../src/adapters/aws/sagemaker-warm-host.ts';
import { decide } from '../../src/controller/decide.ts';
import type { ControllerDeps } from '../../src/controller/deps.ts';
import { beginCompile, registered, startRollout } from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { ReleaseNotReadyError } from '../../src/ports/release-preparer.ts';
import { manifestOf, model } from './harness.ts';

const NOW = 5_000_000;
const spec: ModelSpec = manifestOf(model('fraud', '1.1.0')).models[0]!;
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

function deps(overrides: Partial<ControllerDeps>): ControllerDeps {
  const unused = () => {
    throw new Error('not used by this step');
  };
  return {
    store: unused as never,
    desired: unused as never,
    router: unused as never,
    preparer: { prepare: async () => ({ targetModel: 'fraud/1.1.0-abc/model.onnx', sha256: 'ab' }) },
    host: { warm: async () => ({ loadMs: 10, alreadyLoaded: false }) },
    metrics: unused as never,
    alarms: unused as never,
    events: unused as never,
    ...overrides,
  };
}

const compiling = (): RolloutRecord => beginCompile(startRollout(undefined, spec, NOW - 10, 'new model'), NOW - 5);
const registeredFirst = (): RolloutRecord => registered(compiling(), NOW - 1, 'fraud/1.1.0-abc/model.onnx', 'ab');

describe('decide: Compiling', () => {
  it('registers the prepared release', async () => {
    const decision = await decide(spec, compiling(), undefined, NOW, deps({}));
    expect(decision).toMatchObject({ changed: true, action: 'registered', record: { phase: 'Registered' } });
  });

  it('waits without a write while the release is not ready', async () => {
    const preparer = {
      prepare: async () => {
        throw new ReleaseNotReadyError('fraud', '1.1.0', 'compilation job InProgress');
      },
    };
    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));
    expect(decision).toEqual({ changed: false, action: 'waiting: fraud 1.1.0: compilation job InProgress' });
  });

  it('waits without a write when preparing is throttled, instead of aborting the release', async () => {
    const preparer = {
      prepare: async () => {
        throw throttled();
      },
    };
    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));
    expect(decision).toEqual({ changed: false, action: 'retrying: prepare failed for now: Rate exceeded' });
  });

  it('aborts when preparing fails for good', async () => {
    const preparer = {
      prepare: async () => {
        throw new Error('artifact m/fraud/1.1.0/model.onnx does not exist');
      },
    };
    const decision = await decide(spec, compiling(), undefined, NOW, deps({ preparer }));
    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
    if (decision.changed)
      expect(decision.record.history.at(-1)?.why).toBe(
        'prepare failed: artifact m/fraud/1.1.0/model.onnx does not exist',
      );
  });
});

describe('decide: Registered (warm-up before traffic)', () => {
  const runtime = mockClient(SageMakerRuntimeClient);
  afterEach(() => runtime.reset());
  const sageMakerHost = () => new SageMakerWarmHost({ client: new SageMakerRuntimeClient({}), endpointName: 'mme' });

  it('promotes a first version once it is loaded', async () => {
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({}));
    expect(decision).toMatchObject({ changed: true, action: 'promoted', record: { phase: 'Promoted' } });
  });

  it('waits without a write when the endpoint answers ServiceUnavailable to the warm-up', async () => {
    runtime
      .on(InvokeEndpointCommand)
      .rejects(new ServiceUnavailable({ $metadata: { httpStatusCode: 503 }, message: 'busy' }));
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({ host: sageMakerHost() }));
    expect(decision).toEqual({ changed: false, action: 'retrying: warm-up failed for now: busy' });
  });

  it('aborts when the model cannot be loaded', async () => {
    const host = {
      warm: async (target: string) => {
        throw new ModelInvocationError(target, 'could not load model.onnx');
      },
    };
    const decision = await decide(spec, registeredFirst(), undefined, NOW, deps({ host }));
    expect(decision).toMatchObject({ changed: true, action: 'aborted', record: { phase: 'Aborted' } });
  });
});
