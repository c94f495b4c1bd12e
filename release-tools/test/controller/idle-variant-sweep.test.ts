import { DescribeEndpointCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SageMakerProductionVariants } from '../../src/adapters/aws/sagemaker-production-variants.ts';
import { sweepIdleVariantsSparingly } from '../../src/controller/idle-variant-sweep.ts';
import type { VariantSpec } from '../../src/ports/production-variants.ts';
import { fakeVariantEndpoints } from '../adapters/fake-variant-endpoint.ts';

const MINUTE = 60_000;
const NOTHING = new Set<string>();
const fraud: VariantSpec = {
  name: 'fraud-1-0-0-aaaaaaaaaaaa',
  targetModel: 'fraud/1.0.0-aaaaaaaaaaaa/model-ml_c5.tar.gz',
  image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-pytorch:1.6-cpu-py3',
  instanceType: 'ml.c5.xlarge',
};

function setup() {
  const mock = mockClient(SageMakerClient);
  const fake = fakeVariantEndpoints(mock);
  let at = 0;
  const variants = sweepIdleVariantsSparingly(
    new SageMakerProductionVariants({
      client: new SageMakerClient({ region: 'eu-west-1' }),
      endpointName: 'scoring-mme-variants',
      roleArn: 'arn:aws:iam::123456789012:role/endpoint-execution',
      modelsS3Uri: 's3://data-bucket/models/',
    }),
    () => at,
  );
  const describes = () => mock.commandCalls(DescribeEndpointCommand).length;
  /** One controller tick a minute, sweeping with `keep`. */
  const ticks = async (n: number, keep: ReadonlySet<string> = NOTHING) => {
    for (let i = 0; i < n; i++) {
      await variants.retainOnly(keep);
      at += MINUTE;
    }
  };
  return { mock, fake, variants, describes, ticks };
}

describe('the variant sweep when no model is served as a variant', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('asks SageMaker once an hour instead of every tick', async () => {
    const { mock, describes, ticks } = setup();
    restore = () => mock.restore();

    await ticks(60);
    expect(describes()).toBe(1);
    expect(mock.commandCalls(ListModelsCommand)).toHaveLength(1);

    await ticks(60);
    expect(describes()).toBe(2);
  });

  it('sweeps every tick while a variant is kept, and until the one dropped is gone', async () => {
    const { mock, fake, variants, describes, ticks } = setup();
    restore = () => mock.restore();
    await ticks(1);
    await variants.serve(fraud);
    fake.settle();
    await variants.serve(fraud);

    const before = describes();
    await ticks(3, new Set([fraud.name]));
    expect(describes() - before).toBe(3);

    // Rolled back: the first sweep deletes the endpoint; the next ones see it deleted, then settle.
    expect(await variants.retainOnly(NOTHING)).toEqual({ removed: [fraud.name] });
    const afterRemoval = describes();
    await ticks(5);
    expect(describes() - afterRemoval).toBe(1);
  });

  it('sweeps again at the next tick after a serve, even within the idle hour', async () => {
    const { mock, variants, describes, ticks } = setup();
    restore = () => mock.restore();
    await ticks(1);
    await variants.serve(fraud);

    const before = describes();
    await ticks(1);
    expect(describes() - before).toBe(1);
  });
});
