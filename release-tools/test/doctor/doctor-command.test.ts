// `mlrelease doctor --aws` end to end through the CLI, on SDK clients stubbed with aws-sdk-client-mock
// (every input is also checked against botocore's API models by the test setup), and `doctor` locally.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CodeStarConnectionsClient, GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMlrelease } from '../cli/run-cli.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');
const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const connections = mockClient(CodeStarConnectionsClient);
const quotas = mockClient(ServiceQuotasClient);
const sagemaker = mockClient(SageMakerClient);
const named = (name: string, message: string) => Object.assign(new Error(message), { name });
let dir: string;

beforeEach(async () => {
  for (const m of [sts, cfn, connections, quotas, sagemaker]) m.reset();
  dir = await mkdtemp(join(tmpdir(), 'doctor-'));
  await writeFile(join(dir, 'models.yaml'), await readFile(join(REPO, 'models.yaml'), 'utf8'));
  await writeFile(join(dir, 'cdk.json'), await readFile(join(REPO, 'cdk.json'), 'utf8'));
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ana' });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A fresh account: nothing bootstrapped or deployed; quotas at a new account's defaults. */
function freshAccount() {
  cfn.on(DescribeStacksCommand).rejects(named('ValidationError', 'Stack with id CDKToolkit does not exist'));
  quotas.on(GetServiceQuotaCommand).rejects(named('NoSuchResourceException', 'no applied value'));
  quotas.on(GetAWSDefaultServiceQuotaCommand).resolves({
    Quota: { QuotaName: 'Concurrent executions', QuotaCode: 'L-B99A9384', Value: 1000 },
  });
  // The applied list has no value for the instance type; the default list has it, on its second page.
  quotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  quotas
    .on(ListAWSDefaultServiceQuotasCommand)
    .resolvesOnce({
      Quotas: [{ QuotaName: 'ml.m5.large for endpoint usage', QuotaCode: 'L-A', Value: 2 }],
      NextToken: 'p2',
    })
    .resolves({ Quotas: [{ QuotaName: 'ml.c5.xlarge for endpoint usage', QuotaCode: 'L-C5X', Value: 0 }] });
  sagemaker.on(DescribeEndpointCommand).rejects(named('ValidationException', 'Could not find endpoint "scoring-mme".'));
}

describe('mlrelease doctor --aws', () => {
  it('on a fresh account: says to bootstrap and to raise the endpoint quota, exits 1, reads nothing it may not', async () => {
    freshAccount();
    const run = await runMlrelease(['doctor', '--aws'], dir, { AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(1);
    expect(run.out).toContain('FAIL  bootstrap');
    expect(run.out).toContain('npx cdk bootstrap aws://123456789012/eu-west-1');
    expect(run.out).toContain('WARN  stack.inference');
    expect(run.out).toMatch(/FAIL\s+quota\.endpoint-instances\s+"ml\.c5\.xlarge for endpoint usage" is 0/);
    expect(run.out).toContain('--service-code sagemaker --quota-code L-C5X --desired-value 8');
    expect(run.out).toMatch(/skip\s+endpoint/);
    expect(quotas.commandCalls(ListAWSDefaultServiceQuotasCommand)[1]?.args[0].input).toEqual({
      ServiceCode: 'sagemaker',
      MaxResults: 100,
      NextToken: 'p2',
    });
    expect(connections.commandCalls(GetConnectionCommand)).toHaveLength(0);
  });

  it('once deployed: reads the connection from the pipeline stack output and reports it PENDING', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
      Stacks: [
        {
          StackName: 'CDKToolkit',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(0),
          Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '29' }],
        },
      ],
    });
    for (const name of ['ModelRelease-Inference', 'ModelRelease-Pipeline'])
      cfn.on(DescribeStacksCommand, { StackName: name }).resolves({
        Stacks: [
          {
            StackName: name,
            StackStatus: 'CREATE_COMPLETE',
            CreationTime: new Date(0),
            Outputs: [
              {
                OutputKey: 'SourceConnectionArn',
                OutputValue: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
              },
            ],
          },
        ],
      });
    connections
      .on(GetConnectionCommand)
      .resolves({ Connection: { ConnectionName: 'model-release-source', ConnectionStatus: 'PENDING' } });
    quotas
      .on(GetServiceQuotaCommand)
      .resolves({ Quota: { QuotaName: 'Concurrent executions', QuotaCode: 'L-B99A9384', Value: 1000 } });
    quotas
      .on(ListServiceQuotasCommand)
      .resolves({ Quotas: [{ QuotaName: 'ml.c5.xlarge for endpoint usage', QuotaCode: 'L-C5X', Value: 8 }] });
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointName: 'scoring-mme',
      EndpointStatus: 'InService',
      EndpointArn: 'arn:e',
      CreationTime: new Date(0),
      LastModifiedTime: new Date(0),
    });

    const run = await runMlrelease(['doctor', '--aws', '--json'], dir, { AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as { ok: boolean; findings: { check: string; status: string }[] };
    expect(report.ok).toBe(false);
    expect(Object.fromEntries(report.findings.map((f) => [f.check, f.status]))).toEqual({
      'models.yaml': 'ok',
      region: 'ok',
      credentials: 'ok',
      bootstrap: 'ok',
      'stack.inference': 'ok',
      'stack.pipeline': 'ok',
      'source-connection': 'fail',
      'quota.lambda-concurrency': 'ok',
      'quota.endpoint-instances': 'ok',
      endpoint: 'ok',
    });
    expect(connections.commandCalls(GetConnectionCommand)[0]?.args[0].input).toEqual({
      ConnectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
    });
  });

  it('without credentials: one failure, and no other read is attempted', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(named('CredentialsProviderError', 'Could not load credentials from any providers'));
    const run = await runMlrelease(['doctor', '--aws'], dir, { AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/FAIL\s+credentials\s+no usable credentials/);
    expect(cfn.calls()).toHaveLength(0);
  });

  it('without a region: says to set one, and calls nothing', async () => {
    const run = await runMlrelease(['doctor', '--aws'], dir, {});
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/FAIL\s+region\s+no region configured/);
    expect(sts.calls()).toHaveLength(0);
  });

  it('an invalid models.yaml is reported where it is wrong, and the account is not read', async () => {
    await writeFile(join(dir, 'models.yaml'), 'apiVersion: mlrelease/v1\nendpoint: 3\n');
    const run = await runMlrelease(['doctor', '--aws'], dir, { AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(1);
    expect(run.out).toContain('models.yaml:2:11: endpoint: expected a mapping');
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('mlrelease doctor --aws with a cdk.json the CDK app would refuse', () => {
  it('names cdk.json and why, and reads nothing from the account', async () => {
    await writeFile(
      join(dir, 'cdk.json'),
      JSON.stringify({
        context: { mlrelease: { reservedConcurrency: { worker: 950 }, lambdaConcurrencyQuota: 1000 } },
      }),
    );
    const run = await runMlrelease(['doctor', '--aws'], dir, { AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/FAIL\s+cdk\.json\s+reserved concurrency totals 950/);
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('mlrelease doctor (local)', () => {
  it('checks Node, ONNX Runtime and models.yaml on this machine', async () => {
    const run = await runMlrelease(['doctor'], dir, {});
    expect(run.out).toMatch(/ok\s+node\s+Node v\d+/);
    expect(run.out).toMatch(/ok\s+onnxruntime/);
    expect(run.out).toMatch(/ok\s+models\.yaml/);
    expect(run.code).toBe(0);
  });
});
