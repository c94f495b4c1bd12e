import 'aws-sdk-client-mock-vitest/extend';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  SageMakerClient,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SageMakerProductionVariants,
  VariantEndpointFailedError,
} from '../../src/adapters/aws/sagemaker-production-variants.ts';
import { variantResourcePrefix } from '../../src/domain/variant-name.ts';
import type { VariantSpec } from '../../src/ports/production-variants.ts';
import { fakeVariantEndpoints } from './fake-variant-endpoint.ts';

const ENDPOINT = 'scoring-mme-variants';
const ROLE = 'arn:aws:iam::123456789012:role/endpoint-execution';
const IMAGE = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-pytorch:1.6-cpu-py3';
const variant = (model: string, sha: string): VariantSpec => ({
  name: `${model}-1-0-0-${sha}`,
  targetModel: `${model}/1.0.0-${sha}/model-ml_c5.tar.gz`,
  image: IMAGE,
  instanceType: 'ml.c5.xlarge',
});
const fraud = variant('fraud', 'aaaaaaaaaaaa');
const churn = variant('churn', 'bbbbbbbbbbbb');

function setup() {
  const mock = mockClient(SageMakerClient);
  const fake = fakeVariantEndpoints(mock);
  const variants = new SageMakerProductionVariants({
    client: new SageMakerClient({ region: 'eu-west-1' }),
    endpointName: ENDPOINT,
    roleArn: ROLE,
    modelsS3Uri: 's3://data-bucket/models/',
    kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  });
  return { mock, fake, variants };
}

describe('SageMakerProductionVariants', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('creates the endpoint with the first variant: model on the Neo image, then ready once in service', async () => {
    const { mock, fake, variants } = setup();
    restore = () => mock.restore();

    const first = await variants.serve(fraud);

    expect(first).toEqual({
      ready: false,
      why: expect.stringMatching(/^adding variant fraud-1-0-0-a+ to .*CreateEndpoint/),
    });
    expect(mock).toHaveReceivedCommandWith(CreateModelCommand, {
      ExecutionRoleArn: ROLE,
      EnableNetworkIsolation: true,
      PrimaryContainer: {
        Image: IMAGE,
        ModelDataUrl: 's3://data-bucket/models/fraud/1.0.0-aaaaaaaaaaaa/model-ml_c5.tar.gz',
      },
    });
    expect(mock).toHaveReceivedCommandWith(CreateEndpointConfigCommand, {
      ProductionVariants: [
        {
          VariantName: fraud.name,
          ModelName: expect.stringMatching(new RegExp(`^${variantResourcePrefix(ENDPOINT)}[0-9a-f]{16}$`)),
          InstanceType: 'ml.c5.xlarge',
          InitialInstanceCount: 1,
          InitialVariantWeight: 1,
        },
      ],
    });
    expect(mock).toHaveReceivedCommandWith(CreateEndpointCommand, { EndpointName: ENDPOINT });
    expect(await variants.serve(fraud)).toEqual({ ready: false, why: `variant endpoint ${ENDPOINT} is Creating` });
    fake.settle();
    expect(await variants.serve(fraud)).toEqual({ ready: true });
  });

  it('adds a second variant with a plain UpdateEndpoint that keeps the first (no DeploymentConfig)', async () => {
    const { mock, fake, variants } = setup();
    restore = () => mock.restore();
    await variants.serve(fraud);
    fake.settle();

    await variants.serve(churn);

    const update = mock.commandCalls(UpdateEndpointCommand)[0]!.args[0].input;
    expect(update).toEqual({ EndpointName: ENDPOINT, EndpointConfigName: expect.any(String) });
    expect(fake.configs.get(update.EndpointConfigName!)!.map((v) => v.VariantName)).toEqual([fraud.name, churn.name]);
    // Still serving the old config while the update runs.
    expect(fake.variantsOf(ENDPOINT)).toEqual([fraud.name]);
    fake.settle();
    expect(await variants.serve(churn)).toEqual({ ready: true });
    expect(await variants.serve(fraud)).toEqual({ ready: true });
  });

  it('waits while another run updates the endpoint, and when its own update loses the race', async () => {
    const { mock, fake, variants } = setup();
    restore = () => mock.restore();
    await variants.serve(fraud);
    fake.settle();
    fake.endpoints.get(ENDPOINT)!.status = 'Updating';

    expect(await variants.serve(churn)).toEqual({ ready: false, why: `variant endpoint ${ENDPOINT} is Updating` });
    expect(mock).not.toHaveReceivedCommand(UpdateEndpointCommand);

    // Described InService, then another run's update lands before this one's.
    fake.endpoints.get(ENDPOINT)!.status = 'InService';
    mock.on(UpdateEndpointCommand).callsFakeOnce(async () => {
      fake.endpoints.get(ENDPOINT)!.status = 'Updating';
      throw Object.assign(new Error(`Cannot update in-progress endpoint "${ENDPOINT}".`), {
        name: 'ValidationException',
      });
    });
    expect(await variants.serve(churn)).toEqual({
      ready: false,
      why: expect.stringContaining('Cannot update in-progress endpoint'),
    });
  });

  it('takes unused variants off, then deletes the configs and models nothing refers to', async () => {
    const { mock, fake, variants } = setup();
    restore = () => mock.restore();
    await variants.serve(fraud);
    fake.settle();
    await variants.serve(churn);
    fake.settle();
    const modelsBefore = [...fake.models.keys()];

    expect(await variants.retainOnly(new Set([churn.name]))).toEqual({ removed: [fraud.name] });
    expect(await variants.retainOnly(new Set([churn.name]))).toEqual({
      removed: [],
      deferred: `variant endpoint ${ENDPOINT} is Updating`,
    });
    fake.settle();
    expect(fake.variantsOf(ENDPOINT)).toEqual([churn.name]);
    expect(fake.configs.size).toBe(3);

    expect(await variants.retainOnly(new Set([churn.name]))).toEqual({ removed: [] });

    const current = fake.endpoints.get(ENDPOINT)!.config;
    expect([...fake.configs.keys()]).toEqual([current]);
    expect([...fake.models.keys()]).toEqual([fake.configs.get(current)![0]!.ModelName]);
    expect(modelsBefore).toHaveLength(2);
  });

  it('deletes the endpoint with its last variant, then its own configs and models, never anyone else’s', async () => {
    const { mock, fake, variants } = setup();
    restore = () => mock.restore();
    await variants.serve(fraud);
    fake.settle();
    fake.models.set(`${variantResourcePrefix(ENDPOINT)}someone-elses`, { image: 'x', modelDataUrl: 'y' });
    fake.configs.set('other-endpoint-config', []);

    expect(await variants.retainOnly(new Set())).toEqual({ removed: [fraud.name] });
    expect(mock).toHaveReceivedCommandWith(DeleteEndpointCommand, { EndpointName: ENDPOINT });
    expect(await variants.retainOnly(new Set())).toEqual({ removed: [] });

    expect([...fake.configs.keys()]).toEqual(['other-endpoint-config']);
    expect([...fake.models.keys()]).toEqual([`${variantResourcePrefix(ENDPOINT)}someone-elses`]);
  });

  it('keeps every variant in use untouched: no update at all', async () => {
    const { mock, fake, variants } = setup();
    restore = () => mock.restore();
    await variants.serve(fraud);
    fake.settle();
    mock.resetHistory();

    expect(await variants.retainOnly(new Set([fraud.name, 'not-on-the-endpoint']))).toEqual({ removed: [] });
    expect(mock).not.toHaveReceivedCommand(UpdateEndpointCommand);
    expect(mock).not.toHaveReceivedCommand(CreateEndpointConfigCommand);
  });

  it('reports a failed endpoint as an error naming the way out, not as "not yet"', async () => {
    const mock = mockClient(SageMakerClient);
    restore = () => mock.restore();
    mock.on(DescribeEndpointCommand).resolves({
      EndpointName: ENDPOINT,
      EndpointConfigName: 'c',
      EndpointStatus: 'Failed',
      FailureReason: 'Image pull failed',
    } as never);
    const variants = new SageMakerProductionVariants({
      client: new SageMakerClient({ region: 'eu-west-1' }),
      endpointName: ENDPOINT,
      roleArn: ROLE,
      modelsS3Uri: 's3://data-bucket/models',
    });

    const error = await variants.serve(fraud).catch((e: Error) => e);

    expect(error).toBeInstanceOf(VariantEndpointFailedError);
    expect((error as Error).message).toBe(
      `variant endpoint ${ENDPOINT} failed: Image pull failed; delete it and the controller creates it again`,
    );
  });

  it('names models and configs inside the prefix the controller is granted, at most 63 characters', () => {
    const long = 'e'.repeat(63);
    expect(variantResourcePrefix(long)).toHaveLength(47);
    expect(variantResourcePrefix(ENDPOINT)).toBe(`${ENDPOINT}-`);
  });
});
