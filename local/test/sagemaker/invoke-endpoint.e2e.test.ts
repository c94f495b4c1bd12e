// `npm start` speaks SageMaker Runtime's InvokeEndpoint: the real AWS SDK v3 client, boto3 and the
// AWS CLI, pointed at the platform with --endpoint-url and dummy credentials, get predictions from
// the serving container, and SageMaker's errors (ValidationError, ModelError) as the SDKs parse them.
import { execFile, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInvokeRequest } from '../../../inference-stack/src/serving/invoke-body.ts';
import { tarGz } from '../../../model-registry/src/adapters/model-tarball.ts';
import { type Platform, startPlatform } from '../../src/platform.ts';
import { makeWorkspace, StubController, stableRoute, type Workspace } from '../support/platform-fixture.ts';

const run = promisify(execFile);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const body = encodeInvokeRequest({ features: { dtype: 'float32', shape: [1, 3], data: [1, 2, 3] } });
const DUMMY = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1' };
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
if (!hasBoto3)
  console.warn('boto3 is not installed (python3 -c "import boto3" fails): its InvokeEndpoint test is skipped');
if (!hasAwsCli) console.warn('the AWS CLI is not installed: its InvokeEndpoint test is skipped');

describe('SageMaker Runtime InvokeEndpoint on npm start', () => {
  let ws: Workspace;
  let platform: Platform;
  let client: SageMakerRuntimeClient;
  let tarKey: string;

  beforeAll(async () => {
    ws = await makeWorkspace();
    const controller = new StubController();
    controller.desired = [stableRoute('alpha', '1.0.0', ws.keys.alpha1)];
    // A version packaged as the contract expects: model.tar.gz holding model.onnx and its signature.
    const onnx = await ws.artifacts.get(ws.keys.alpha2);
    tarKey = (
      await ws.artifacts.put(
        'alpha',
        '2.0.0',
        'model.tar.gz',
        tarGz([
          { name: 'model.onnx', bytes: onnx },
          { name: 'signature.json', bytes: new TextEncoder().encode('{"inputs":[]}') },
        ]),
      )
    ).key;
    platform = await startPlatform({
      port: 0,
      stateDir: ws.stateDir,
      manifestPath: ws.manifestPath,
      artifacts: ws.artifacts,
      traffic: controller.traffic,
      controller,
      controllerTickMs: 60_000,
      worker: { waitSeconds: 1 },
    });
    client = new SageMakerRuntimeClient({
      endpoint: platform.sageMakerRuntimeUrl!,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await platform?.stop();
    await ws?.cleanup();
  });

  it('returns a prediction to the AWS SDK v3 InvokeEndpointCommand, for a bare .onnx and a model.tar.gz', async () => {
    for (const [key, weight] of [
      [ws.keys.alpha1, 0.1],
      [tarKey, 0.3],
    ] as const) {
      const out = await client.send(
        new InvokeEndpointCommand({
          EndpointName: 'local-mme',
          TargetModel: key,
          ContentType: 'application/json',
          Accept: 'application/json',
          Body: new TextEncoder().encode(body),
        }),
      );
      expect(out.InvokedProductionVariant).toBe('AllTraffic');
      expect(out.ContentType).toBe('application/json');
      const parsed = JSON.parse(new TextDecoder().decode(out.Body)) as { outputs: { score: { data: number[] } } };
      expect(parsed.outputs.score.data[0]).toBeCloseTo(sigmoid(weight * 6), 6);
    }
  });

  it("answers SageMaker's errors as the SDK parses them: ValidationError and ModelError", async () => {
    const invoke = (input: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]>) =>
      client.send(
        new InvokeEndpointCommand({ EndpointName: 'local-mme', Body: new TextEncoder().encode(body), ...input }),
      );
    await expect(invoke({ EndpointName: 'other' })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(invoke({})).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('TargetModel'),
    });
    await expect(invoke({ TargetModel: 'alpha/9.9.9-000000000000/model.tar.gz' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const wrong = encodeInvokeRequest({ features: { dtype: 'float32', shape: [1, 2], data: [1, 2] } });
    await expect(invoke({ TargetModel: ws.keys.alpha1, Body: new TextEncoder().encode(wrong) })).rejects.toMatchObject({
      name: 'ModelError',
      OriginalStatusCode: 500,
      $metadata: { httpStatusCode: 424 },
    });
  });

  it('refuses a request without a SigV4 Authorization header', async () => {
    const res = await fetch(`${platform.url}/endpoints/local-mme/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amzn-sagemaker-target-model': ws.keys.alpha1 },
      body,
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it.runIf(hasBoto3)('returns a prediction to boto3 invoke_endpoint', async () => {
    const script = `
import boto3, json, sys
c = boto3.client('sagemaker-runtime', endpoint_url=sys.argv[1], region_name='us-east-1',
                 aws_access_key_id='local', aws_secret_access_key='local')
r = c.invoke_endpoint(EndpointName='local-mme', TargetModel=sys.argv[2], ContentType='application/json', Body=sys.argv[3])
print(json.dumps({'variant': r['InvokedProductionVariant'], 'body': json.loads(r['Body'].read())}))
`;
    const { stdout } = await run('python3', ['-c', script, platform.sageMakerRuntimeUrl!, ws.keys.alpha1, body]);
    const out = JSON.parse(stdout) as { variant: string; body: { outputs: { score: { data: number[] } } } };
    expect(out.variant).toBe('AllTraffic');
    expect(out.body.outputs.score.data[0]).toBeCloseTo(sigmoid(0.6), 6);
  });

  it.runIf(hasAwsCli)('returns a prediction to the AWS CLI', async () => {
    const outFile = join(ws.dir, 'cli-out.json');
    const bodyFile = join(ws.dir, 'body.json');
    await writeFile(bodyFile, body);
    const args = [
      'sagemaker-runtime',
      'invoke-endpoint',
      '--endpoint-url',
      platform.sageMakerRuntimeUrl!,
      '--endpoint-name',
      'local-mme',
      '--target-model',
      ws.keys.alpha1,
      '--content-type',
      'application/json',
      '--body',
      `fileb://${bodyFile}`,
      outFile,
    ];
    const { stdout } = await run('aws', args, { env: { ...process.env, ...DUMMY } });
    expect(JSON.parse(stdout)).toMatchObject({ InvokedProductionVariant: 'AllTraffic' });
    const { readFile } = await import('node:fs/promises');
    const out = JSON.parse(await readFile(outFile, 'utf8')) as { outputs: { score: { data: number[] } } };
    expect(out.outputs.score.data[0]).toBeCloseTo(sigmoid(0.6), 6);
  });
});
