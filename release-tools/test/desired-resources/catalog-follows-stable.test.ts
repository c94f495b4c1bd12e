// The catalog the AWS controller publishes (what the API validates requests against) gives each
// model the signature of the version its callers are routed to: stable's while models.yaml names a
// version that is held or not switched yet, so stable's callers are not answered 400; the
// candidate's from the tick an all-at-once release gives it all the traffic.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import {
  CATALOG_STATE_KEY,
  CloudWatchDesiredResources,
} from '../../src/desired-resources/cloudwatch-desired-resources.ts';
import type { CatalogDocument } from '../../src/desired-resources/model-resources.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { harness, manifestOf } from '../controller/harness.ts';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => {
  cloudwatch.reset();
  cloudwatch.onAnyCommand().resolves({});
});

const fraud = (version: string, width: number, extra = '') =>
  `  - { name: fraud, version: ${version}, artifact: m/fraud/${version}/model.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, ${width}] }${extra} }\n`;

function setup(initial: string) {
  const store = new MemoryStateStore();
  const resources = new CloudWatchDesiredResources({
    cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
    store,
    actionTopicArn: 'arn:aws:sns:eu-west-1:111122223333:release-events',
    place: { region: 'eu-west-1', alarmArnPrefix: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:' },
    deadLetterQueueNames: [],
  });
  const h = harness(manifestOf(initial), { store, resources });
  const width = async () => {
    const catalog = (await store.get<CatalogDocument>(CATALOG_STATE_KEY))?.value;
    return (catalog?.models.fraud as ModelSignature | undefined)?.inputs[0]?.shape[1];
  };
  const ticks = async (n: number, until?: (r: RolloutRecord) => boolean) => {
    for (let i = 0; i < n; i++) {
      h.advance(1_000);
      await h.traffic('fraud', 50, { latencyMs: 20, errorRate: 0 });
      await h.tick();
      const r = await h.record('fraud');
      if (r && until?.(r)) return;
    }
  };
  return { h, width, ticks };
}

describe('catalog published by the controller on AWS', () => {
  it('keeps stable’s signature while an incompatible version is held', async () => {
    const { h, width, ticks } = setup(fraud('1.0.0', 4));
    await ticks(5, (r) => r.phase === 'Promoted');
    expect(await width()).toBe(4);

    h.setDesired(manifestOf(fraud('1.1.0', 5)));
    await ticks(3);

    expect((await h.record('fraud'))?.history.at(-1)?.type).toBe('held');
    expect(await width()).toBe(4);
  });

  it('switches to the new signature in the tick a breaking all-at-once release takes all the traffic', async () => {
    const { h, width, ticks } = setup(fraud('1.0.0', 4));
    await ticks(5, (r) => r.phase === 'Promoted');

    h.setDesired(manifestOf(fraud('1.1.0', 5, ', release: { strategy: all-at-once, breaking: true }')));
    await ticks(20, (r) => r.candidate !== undefined && r.weight === 100);
    const switched = (await h.router.readTable()).routes.fraud;

    expect(switched).toMatchObject({
      stable: { version: '1.0.0' },
      candidate: { version: '1.1.0' },
      candidateWeight: 100,
    });
    expect(await width()).toBe(5);
  });

  it('keeps stable’s signature before the all-at-once switch', async () => {
    const { h, width, ticks } = setup(fraud('1.0.0', 4));
    await ticks(5, (r) => r.phase === 'Promoted');

    h.setDesired(manifestOf(fraud('1.1.0', 5, ', release: { strategy: all-at-once, breaking: true }')));
    await ticks(20, (r) => r.phase === 'Registered');

    expect((await h.record('fraud'))?.phase).toBe('Registered');
    expect(await width()).toBe(4);
  });
});
