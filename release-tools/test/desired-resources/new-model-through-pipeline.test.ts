// A model that was not in models.yaml when the stacks were synthesized becomes servable, gated and
// charted through the pipeline's stages alone: the stage commands (plan, compile, register, apply)
// run against the AWS backend, then the controller Lambda ticks, and the API's submit handler reads
// the catalog the controller published. AWS is aws-sdk-client-mock with enough state to answer.
import 'aws-sdk-client-mock-vitest/extend';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../inference-stack/src/adapters/aws/s3-object-store.ts';
import { ObjectStoreCatalog } from '../../../inference-stack/src/adapters/object-store-catalog.ts';
import { ObjectStoreRouteTable } from '../../../inference-stack/src/adapters/object-store-route-table.ts';
import { RouteTableCache } from '../../../inference-stack/src/domain/route-table-cache.ts';
import { submitPrediction } from '../../../inference-stack/src/handlers/submit.ts';
import { apiRequest } from '../../../inference-stack/test/support/api-request.ts';
import { MemoryObjectStore } from '../../../inference-stack/test/support/memory-object-store.ts';
import { writeExampleModels } from '../../../local/src/example-models/index.ts';
import { changedModels } from '../../../pipeline/src/changed-models.ts';
import { controllerFromEnv, createHandler, ReconcileFailedError } from '../../src/lambda/controller.ts';
import { fakeS3, fakeSageMaker } from '../cli/aws/fake-aws.ts';
import { runMlrelease } from '../cli/run-cli.ts';

const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:release-events`;
const CLI_ENV = {
  MLRELEASE_BACKEND: 'aws',
  AWS_REGION: 'eu-west-1',
  STATE_BUCKET: 'state-bkt',
  DATA_BUCKET: 'data-bkt',
  MODELS_PREFIX: 'models/',
  MANIFEST_KEY: 'desired/models.yaml',
  COMPILE_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/compile`,
  DATA_KEY_ARN: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/data`,
  MLRELEASE_USER: 'pipeline',
  INFERENCE_IMAGE: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/mlrelease-serving:test',
};
// What the ReleaseController construct sets; nothing in it names a model.
const LAMBDA_ENV = {
  STATE_BUCKET: 'state-bkt',
  MANIFEST_KEY: 'desired/models.yaml',
  ROUTE_TABLE_BUCKET: 'state-bkt',
  ROUTE_TABLE_KEY: 'routes.json',
  ENDPOINT_NAME: 'scoring-mme',
  EVENTS_TOPIC_ARN: TOPIC,
  AWS_REGION: 'eu-west-1',
  ALARM_ARN_PREFIX: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:`,
  DEAD_LETTER_QUEUE_NAMES: 'standard-dlq',
};
const NEW_MODEL = (version: string) => `
  - name: fraud-lite
    version: ${version}
    artifact: models/fraud-detector/${version}/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
`;

/** CloudWatch with alarms that exist once put and whose state a test sets. */
function fakeCloudWatch() {
  const mock = mockClient(CloudWatchClient);
  const alarms = new Map<string, { input: PutMetricAlarmCommandInput; state: string; since?: number }>();
  const dashboards = new Map<string, string>();
  mock.on(PutMetricAlarmCommand).callsFake(async (input: PutMetricAlarmCommandInput) => {
    alarms.set(input.AlarmName!, { input, state: alarms.get(input.AlarmName!)?.state ?? 'OK' });
    return {};
  });
  mock.on(DeleteAlarmsCommand).callsFake(async ({ AlarmNames }) => {
    for (const name of AlarmNames ?? []) alarms.delete(name);
    return {};
  });
  mock.on(PutDashboardCommand).callsFake(async ({ DashboardName, DashboardBody }) => {
    dashboards.set(DashboardName!, DashboardBody!);
    return { DashboardValidationMessages: [] };
  });
  mock.on(DescribeAlarmsCommand).callsFake(async ({ AlarmNames }) => ({
    MetricAlarms: (AlarmNames ?? [])
      .filter((n: string) => alarms.has(n))
      .map((n: string) => ({
        AlarmName: n,
        StateValue: alarms.get(n)!.state,
        StateReason: 'test',
        StateUpdatedTimestamp: new Date(alarms.get(n)!.since ?? 0),
      })),
  }));
  mock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  mock.on(PutMetricDataCommand).resolves({});
  return { mock, alarms, dashboards };
}

let root: string;
let baseManifest: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'new-model-'));
  await copyFile(join(import.meta.dirname, '../../../models.yaml'), join(root, 'models.yaml'));
  await writeExampleModels(root);
  baseManifest = await readFile(join(root, 'models.yaml'), 'utf8');
});
afterAll(() => rm(root, { recursive: true, force: true }));

let s3: ReturnType<typeof fakeS3>;
let sagemaker: ReturnType<typeof fakeSageMaker>;
let cloudwatch: ReturnType<typeof fakeCloudWatch>;
beforeEach(() => {
  s3 = fakeS3();
  sagemaker = fakeSageMaker(s3);
  cloudwatch = fakeCloudWatch();
  mockClient(SageMakerRuntimeClient).on(InvokeEndpointCommand).resolves({});
  mockClient(SNSClient).on(PublishCommand).resolves({ MessageId: '1' });
});
afterEach(() => {
  s3.mock.restore();
  sagemaker.mock.restore();
  cloudwatch.mock.restore();
  mockClient(SageMakerRuntimeClient).restore();
  mockClient(SNSClient).restore();
});

const cli = async (argv: string[]) => {
  const run = await runMlrelease(argv, root, CLI_ENV);
  if (run.code !== 0) throw new Error(`mlrelease ${argv.join(' ')}: ${run.err}`);
  return run;
};

/** The pipeline's stages for a commit of `manifest`: Validate, Compile, Register, Release. */
async function pipeline(manifest: string): Promise<void> {
  await writeFile(join(root, 'models.yaml'), manifest);
  await cli(['validate']);
  const models = changedModels((await cli(['plan', '--json'])).out);
  for (const m of models) await cli(['compile', m]);
  for (const m of models) await cli(['register', m]);
  await cli(['apply']);
}

const region = { region: 'eu-west-1' };
const controller = createHandler(() =>
  controllerFromEnv(LAMBDA_ENV, {
    s3: new S3Client(region),
    cloudwatch: new CloudWatchClient(region),
    runtime: new SageMakerRuntimeClient(region),
    sns: new SNSClient(region),
  }),
);
const tick = () => controller({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
const submit = async (model: string) =>
  submitPrediction(apiRequest({ pathParams: { model }, json: { inputs: [Array(30).fill(0.5)] } }), {
    store: new MemoryObjectStore(),
    catalog: await new ObjectStoreCatalog(
      new S3ObjectStore({ client: new S3Client(region), bucket: 'state-bkt' }),
      'state/catalog.json',
    ).current(),
    routes: new RouteTableCache(
      new ObjectStoreRouteTable(
        new S3ObjectStore({ client: new S3Client(region), bucket: 'state-bkt' }),
        'routes.json',
      ),
      { ttlMs: 0 },
    ),
    requestsPrefix: 'requests/',
    newId: () => 'id-1',
    now: () => 0,
  });
const routes = () => JSON.parse(s3.text('state-bkt/routes.json') ?? '{"routes":{}}').routes;
const record = (m: string) => JSON.parse(s3.text(`state-bkt/state/rollouts/${m}.json`)!);

async function tickUntil(done: () => boolean, max = 8) {
  for (let i = 0; i < max && !done(); i++) await tick();
  expect(done()).toBe(true);
}

describe('a model added to models.yaml, through the pipeline alone', () => {
  it('becomes servable, charted and gated: its alarms exist and roll its next release back', async () => {
    await pipeline(baseManifest);
    await tickUntil(() => routes()['fraud-detector'] !== undefined);
    expect((await submit('fraud-lite')).statusCode).toBe(404);

    // The commit that adds the model: no stack deploy follows, only the pipeline and the controller.
    await pipeline(baseManifest + NEW_MODEL('1.0.0'));
    await tickUntil(() => routes()['fraud-lite']?.stable.version === '1.0.0');

    expect((await submit('fraud-lite')).statusCode).toBe(202);
    for (const track of ['stable', 'candidate'])
      for (const kind of ['error-rate', 'p99-latency'])
        expect(cloudwatch.alarms.get(`mlrelease-fraud-lite-${track}-${kind}`)?.input).toMatchObject({
          AlarmActions: [TOPIC],
          OKActions: [TOPIC],
          TreatMissingData: 'notBreaching',
        });
    const dashboard = JSON.parse(cloudwatch.dashboards.get('mlrelease-fraud-lite')!);
    expect(JSON.stringify(dashboard)).toContain('"Model","fraud-lite"');
    expect(JSON.stringify(dashboard)).toContain(
      `${LAMBDA_ENV.ALARM_ARN_PREFIX}mlrelease-fraud-lite-candidate-error-rate`,
    );

    // Its next release shifts traffic, and its own candidate alarm rolls it back.
    await pipeline(baseManifest + NEW_MODEL('1.1.0'));
    await tickUntil(() => (routes()['fraud-lite']?.candidateWeight ?? 0) > 0);
    Object.assign(cloudwatch.alarms.get('mlrelease-fraud-lite-candidate-error-rate')!, {
      state: 'ALARM',
      since: Date.now(),
    });
    const result = await controller({
      source: 'aws.cloudwatch',
      detail: { alarmName: 'mlrelease-fraud-lite-candidate-error-rate' },
    });

    expect(result.changed).toEqual([expect.objectContaining({ model: 'fraud-lite', phase: 'RolledBack' })]);
    expect(routes()['fraud-lite']).toMatchObject({ stable: { version: '1.0.0' }, candidateWeight: 0 });
    expect(record('fraud-lite').history.at(-1).why).toContain('mlrelease-fraud-lite-candidate-error-rate');
  }, 60_000);

  it('gives a candidate no traffic while its gate alarms cannot be created, and says why', async () => {
    await pipeline(baseManifest + NEW_MODEL('1.0.0'));
    await tickUntil(() => routes()['fraud-lite'] !== undefined);
    cloudwatch.mock.on(PutMetricAlarmCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    // Thresholds change with the release, so the alarms must be put again, and that fails.
    const stricter = NEW_MODEL('1.1.0').replace(
      'framework: onnx',
      'framework: onnx\n    release: { gates: { maxErrorRate: 0.5% } }',
    );

    await pipeline(baseManifest + stricter);
    // Each invocation fails (so Lambda Errors and retries fire), naming what it could not sync.
    const failures: unknown[] = [];
    for (let i = 0; i < 4; i++) failures.push(await tick().catch((e: unknown) => e));

    expect(record('fraud-lite').phase).toBe('Registered');
    expect(routes()['fraud-lite'].candidateWeight).toBe(0);
    expect(failures.at(-1)).toBeInstanceOf(ReconcileFailedError);
    expect((failures.at(-1) as ReconcileFailedError).result.errors).toContainEqual({
      model: '(resources)',
      error: 'fraud-lite: AccessDenied: denied',
    });
  }, 60_000);
});
