// Drives each role's real code (Lambda entry points with the environment the template gives them,
// the CLI commands each CodeBuild project runs) against recording-aws, and returns the SDK calls made
// in each role's name. The order is the order of a first release: pipeline stages, then the
// controller, then a request end to end.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { vi } from 'vitest';
import { LAMBDA_ENTRIES, type LambdaEntry } from '../../../inference-stack/src/stack/lambda-entries.ts';
import { writeExampleModels } from '../../../local/src/example-models/index.ts';
import { S3StateStore } from '../../../release-tools/src/adapters/aws/s3-state-store.ts';
import { runMlrelease } from '../../../release-tools/test/cli/run-cli.ts';
import { REGION } from './cfn-resolver.ts';
import type { IamModel } from './iam-model.ts';
import type { RecordedCall, RecordingAws } from './recording-aws.ts';

export interface RoleRun {
  /** What ran, e.g. `Lambda worker` or `CodeBuild Compile: mlrelease compile fraud-detector`. */
  readonly scenario: string;
  readonly roleArn: string;
  readonly calls: readonly RecordedCall[];
  /** Anything the run returned (a handler's answer, a CLI exit code), for the test to check it ran through. */
  readonly result: unknown;
}

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** What the handlers read of Lambda's context: the time left (the worker budgets its shadow mirror). */
const LAMBDA_CONTEXT = { getRemainingTimeInMillis: () => 30_000 };

async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env, { AWS_REGION: REGION });
  try {
    return await run();
  } finally {
    process.env = saved;
  }
}

export class Scenarios {
  readonly runs: RoleRun[] = [];

  constructor(
    private readonly model: IamModel,
    private readonly aws: RecordingAws,
  ) {}

  /** Runs the Lambda entry `entry` with its template environment on `event`. */
  async lambda(entry: LambdaEntry, label: string, event: unknown): Promise<unknown> {
    const fn = this.model.functionByService(`mlrelease-${entry}`);
    this.aws.forget();
    const result = await withEnv(fn.environment, async () => {
      vi.resetModules(); // module-level clients and caches start cold, as in a new container
      const module = (await import(LAMBDA_ENTRIES[entry])) as {
        handler: (event: unknown, context: unknown) => Promise<unknown>;
      };
      return module.handler(event, LAMBDA_CONTEXT);
    });
    this.runs.push({
      scenario: `Lambda ${entry}: ${label}`,
      roleArn: fn.roleArn,
      calls: await this.aws.calls(),
      result,
    });
    return result;
  }

  /** Runs one CodeBuild stage's CLI command with the project's environment from the template. */
  async stage(stageName: string, argv: string[], cwd: string): Promise<unknown> {
    const project = this.model
      .resourcesOfType('AWS::CodeBuild::Project')
      .find((p) => p.props.Name === `model-release-${stageName.toLowerCase()}`);
    if (!project) throw new Error(`no CodeBuild project for stage ${stageName}`);
    const env = Object.fromEntries(
      (
        project.props.Environment as { EnvironmentVariables: { Name: string; Value: string }[] }
      ).EnvironmentVariables.map((v) => [v.Name, v.Value]),
    );
    this.aws.forget();
    const result = await runMlrelease(argv, cwd, { ...env, AWS_REGION: REGION, MLRELEASE_USER: 'pipeline' });
    this.runs.push({
      scenario: `CodeBuild ${stageName}: mlrelease ${argv.join(' ')}`,
      roleArn: String(project.props.ServiceRole),
      calls: await this.aws.calls(),
      result,
    });
    return result;
  }
}

/** `manifest` with fraud-detector's bytes also released as `fraud-detector-neo`, compiled by Neo. */
function withNeoModel(manifest: string): string {
  const entry = '  - name: fraud-detector\n';
  if (!manifest.includes(entry)) throw new Error('models.yaml changed: no fraud-detector entry');
  const neo = `  - name: fraud-detector-neo
    version: 1.0.0
    artifact: models/fraud-detector/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
    compile: { engine: neo }
    serving: single-model

`;
  return manifest.replace(entry, `${neo}${entry}`);
}

async function writeNeoManifest(dir: string, manifest: string): Promise<void> {
  await writeExampleModels(dir);
  await writeFile(join(dir, 'models.yaml'), withNeoModel(manifest));
}

const apiEvent = (
  method: string,
  path: string,
  pathParameters: Record<string, string>,
  body?: unknown,
  headers = {},
) => ({
  httpMethod: method,
  path,
  pathParameters,
  headers: { 'content-type': 'application/json', ...headers },
  body: body === undefined ? null : JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: { requestId: `gw-${path}`, authorizer: { sub: 'user-1', role: 'invoke' } },
});
// GET /v1/predictions/{id} sits behind the Cognito user pool authorizer: its context is the token's claims.
const cognitoEvent = (path: string, pathParameters: Record<string, string>) => ({
  ...apiEvent('GET', path, pathParameters),
  requestContext: { requestId: `gw-${path}`, authorizer: { claims: { sub: 'user-1', 'cognito:groups': 'invoke' } } },
});

/** A first release through the pipeline, the controller taking it live, then requests end to end. */
export async function runAllScenarios(model: IamModel, aws: RecordingAws): Promise<RoleRun[]> {
  const scenarios = new Scenarios(model, aws);
  const dir = await mkdtemp(join(tmpdir(), 'iam-scenarios-'));
  const neoDir = await mkdtemp(join(tmpdir(), 'iam-scenarios-neo-'));
  try {
    await copyFile(join(ROOT, 'models.yaml'), join(dir, 'models.yaml'));
    await writeExampleModels(dir);
    const manifest = await readFile(join(dir, 'models.yaml'), 'utf8');

    await scenarios.stage('Validate', ['validate'], dir);
    await scenarios.stage('Validate', ['plan', '--json'], dir);
    for (const name of ['fraud-detector', 'churn-scorer']) await scenarios.stage('Compile', ['compile', name], dir);
    for (const name of ['fraud-detector', 'churn-scorer']) await scenarios.stage('Register', ['register', name], dir);
    // A model compiled by SageMaker Neo (served as its own variant): the Compile stage's Neo job and
    // the Register stage re-using its record. The default engine above compiles in the build.
    await writeNeoManifest(neoDir, manifest);
    await scenarios.stage('Compile', ['compile', 'fraud-detector-neo'], neoDir);
    await scenarios.stage('Register', ['register', 'fraud-detector-neo'], neoDir);
    await scenarios.stage('Release', ['apply'], dir);

    // The controller takes the first versions live, then a second fraud-detector version into a canary.
    const tick = { source: 'aws.events', 'detail-type': 'Scheduled Event' };
    for (let i = 0; i < 4; i++) await scenarios.lambda('controller', `scheduled reconcile ${i + 1}`, tick);
    const controllerEnv = model.functionByService('mlrelease-controller').environment;
    const stateBucket = controllerEnv.STATE_BUCKET!;
    const next = manifest.replace(/(name: fraud-detector\n\s+version: )1\.0\.0/, '$11.1.0');
    aws.s3.put(`s3://${stateBucket}/${controllerEnv.MANIFEST_KEY}`, next);
    await new S3StateStore({ client: new S3Client({ region: REGION }), bucket: stateBucket }).put(
      'releases/fraud-detector/1.1.0',
      { targetModel: 'fraud-detector/1.1.0-0123456789ab/model-ml_c5.tar.gz', sha256: 'ab'.repeat(32) },
      null,
    );
    for (let i = 0; i < 3; i++) await scenarios.lambda('controller', `canary reconcile ${i + 1}`, tick);
    await scenarios.lambda('controller', 'gate alarm changed', {
      source: 'aws.cloudwatch',
      'detail-type': 'CloudWatch Alarm State Change',
      detail: { alarmName: 'mlrelease-fraud-detector-candidate-error-rate' },
    });
    await scenarios.lambda('controller', 'canary step: gates read', tick);

    // The Neo version the Register stage recorded: its production variant is created (the endpoint
    // with it), warmed by TargetVariant and promoted; retired, the variant endpoint and its models go.
    const manifestKey = `s3://${stateBucket}/${controllerEnv.MANIFEST_KEY}`;
    aws.s3.put(manifestKey, withNeoModel(next));
    for (const step of ['started', 'compiling', 'registered', 'variant created']) {
      await scenarios.lambda('controller', `Neo release: ${step}`, tick);
      aws.variants.settle();
    }
    await scenarios.lambda('controller', 'Neo release: warmed by TargetVariant, promoted', tick);
    aws.s3.put(manifestKey, next);
    await scenarios.lambda('controller', 'Neo model retired: variant endpoint deleted', tick);
    await scenarios.lambda('controller', 'Neo model retired: its config and model deleted', tick);
    if (aws.variants.models.size > 0 || aws.variants.endpoints.size > 0)
      throw new Error('the Neo scenario left its variant endpoint or model behind');

    // A request end to end: submit (with and without an Idempotency-Key), S3 event, worker, result.
    const row = Array.from({ length: 30 }, () => 0.1);
    const submitted = (await scenarios.lambda(
      'submit',
      'POST predictions with Idempotency-Key',
      apiEvent(
        'POST',
        '/v1/models/fraud-detector/predictions',
        { model: 'fraud-detector' },
        { inputs: [row] },
        {
          'idempotency-key': 'order-42',
        },
      ),
    )) as { statusCode: number; body: string };
    await scenarios.lambda(
      'submit',
      'POST predictions, retried with the same Idempotency-Key',
      apiEvent(
        'POST',
        '/v1/models/fraud-detector/predictions',
        { model: 'fraud-detector' },
        { inputs: [row] },
        {
          'idempotency-key': 'order-42',
        },
      ),
    );
    await scenarios.lambda(
      'submit',
      'POST predictions',
      apiEvent('POST', '/v1/models/fraud-detector/predictions', { model: 'fraud-detector' }, { inputs: [row] }),
    );
    const id = (JSON.parse(submitted.body) as { id?: string }).id ?? 'missing-id';
    const dataBucket = model.functionByService('mlrelease-submit').environment.DATA_BUCKET!;
    const key = `requests/${id}.json`;
    await scenarios.lambda('getPrediction', 'GET a pending prediction', cognitoEvent(`/v1/predictions/${id}`, { id }));
    await scenarios.lambda('s3EventPublisher', 'S3 ObjectCreated on requests/', {
      Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: dataBucket }, object: { key } } }],
    });
    const published = (await aws.calls()).find((c) => c.command === 'Publish');
    await scenarios.lambda('worker', 'SQS batch of one request', {
      Records: [
        {
          messageId: 'msg-1',
          body: String(published?.input.Message ?? JSON.stringify({ id, model: 'fraud-detector', key })),
        },
      ],
    });
    const done = (await scenarios.lambda(
      'getPrediction',
      'GET a done prediction',
      cognitoEvent(`/v1/predictions/${id}`, { id }),
    )) as { statusCode: number; body: string };
    // The owner recorded at submit (the role authorizer's sub) is the Cognito claims' sub at GET.
    if (done.statusCode !== 200 || !done.body.includes('"status":"done"'))
      throw new Error(`GET of the caller's own prediction answered ${done.statusCode} ${done.body}`);
    await scenarios.lambda(
      'invokeSync',
      'POST invoke',
      apiEvent('POST', '/v1/models/fraud-detector/invoke', { model: 'fraud-detector' }, { inputs: [row] }),
    );

    // A shadow release of churn-scorer: the worker mirrors a request to the candidate and writes the
    // pair under mirror/ in the data bucket; the controller lists and reads it for the divergence gate.
    await runShadowScenario(scenarios, aws, { next, stateBucket, manifestKey, dataBucket });
    return scenarios.runs;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(neoDir, { recursive: true, force: true });
  }
}

/** churn-scorer 1.1.0 by shadow, from the manifest `next` (churn-scorer at 1.0.0, released by A/B). */
export function withChurnShadow(manifest: string): string {
  const ab =
    /version: 1\.0\.0\n(\s+)artifact: models\/churn-scorer\/1\.0\.0\/model\.onnx([\s\S]*?)strategy: ab\n[\s\S]*?judge: [^\n]*\n?/;
  if (!ab.test(manifest)) throw new Error('models.yaml changed: no churn-scorer 1.0.0 released by A/B');
  return manifest.replace(
    ab,
    (_m, indent: string, between: string) =>
      `version: 1.1.0\n${indent}artifact: models/churn-scorer/1.1.0/model.onnx${between}strategy: shadow
      sample: 100%
      duration: 30m
      gates:
        maxErrorRate: 1%
        maxP99LatencyMs: 200
        minRequests: 100
        maxDivergence: { metric: abs-diff-p99, threshold: 0.01, alpha: 0.05 }
`,
  );
}

async function runShadowScenario(
  scenarios: Scenarios,
  aws: RecordingAws,
  at: { next: string; stateBucket: string; manifestKey: string; dataBucket: string },
): Promise<void> {
  aws.s3.put(at.manifestKey, withChurnShadow(at.next));
  await new S3StateStore({ client: new S3Client({ region: REGION }), bucket: at.stateBucket }).put(
    'releases/churn-scorer/1.1.0',
    { targetModel: 'churn-scorer/1.1.0-0123456789ab/model-ml_c5.tar.gz', sha256: 'cd'.repeat(32) },
    null,
  );
  const tick = { source: 'aws.events', 'detail-type': 'Scheduled Event' };
  for (const step of ['started', 'compiling', 'registered', 'mirroring'])
    await scenarios.lambda('controller', `shadow release: ${step}`, tick);
  const routes = JSON.parse(aws.s3.text(`${at.stateBucket}/routes.json`) ?? '{}');
  if (routes.routes?.['churn-scorer']?.mirror !== 100)
    throw new Error(
      `the shadow release did not set a mirror on churn-scorer: ${JSON.stringify(routes.routes?.['churn-scorer'])}`,
    );
  const id = 'shadow-request-1';
  aws.s3.put(
    `s3://${at.dataBucket}/requests/${id}.json`,
    JSON.stringify({
      id,
      model: 'churn-scorer',
      lane: 'standard',
      format: 2,
      owner: 'user-1',
      inputs: { features: { dtype: 'float32', shape: [1, 12], data: Array.from({ length: 12 }, () => 0.1) } },
      routing: {},
      submittedAt: Date.now(),
    }),
  );
  await scenarios.lambda('worker', 'shadow: SQS batch of one request, mirrored to the candidate', {
    Records: [
      { messageId: 'msg-shadow', body: JSON.stringify({ id, model: 'churn-scorer', key: `requests/${id}.json` }) },
    ],
  });
  const batches = () =>
    [...aws.s3.objects.keys()].filter((k) => k.startsWith(`${at.dataBucket}/mirror/churn-scorer/1.1.0/`)).length;
  if (batches() !== 1) throw new Error(`the worker wrote ${batches()} mirrored batches, not 1`);
  // The synchronous path: invoke answers and hands the request to the mirror queue; the mirror
  // function invokes the candidate and writes its own batch.
  const row = Array.from({ length: 12 }, () => 0.1);
  await scenarios.lambda(
    'invokeSync',
    'shadow: POST invoke, mirrored request handed to the mirror queue',
    apiEvent('POST', '/v1/models/churn-scorer/invoke', { model: 'churn-scorer' }, { inputs: [row] }),
  );
  const handedOff = (await aws.calls()).find((c) => c.command === 'SendMessage');
  if (!handedOff) throw new Error('invoke handed no mirrored request to the mirror queue');
  await scenarios.lambda('mirror', 'shadow: SQS batch of one mirrored request', {
    Records: [{ messageId: 'msg-mirror', body: String(handedOff.input.MessageBody) }],
  });
  if (batches() !== 2) throw new Error(`the mirror function wrote ${batches() - 1} mirrored batches, not 1`);
  await scenarios.lambda('controller', 'shadow: divergence gate reads the mirrored pairs', tick);
}
