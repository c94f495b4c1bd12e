// Reads the account's side of the prerequisites with read-only calls (the permissions doctor needs:
// sts:GetCallerIdentity, cloudformation:DescribeStacks, codestar-connections:GetConnection,
// servicequotas:GetServiceQuota / GetAWSDefaultServiceQuota / ListServiceQuotas /
// ListAWSDefaultServiceQuotas, sagemaker:DescribeEndpoint). Each read keeps its own error.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CodeStarConnectionsClient, GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  type ServiceQuota,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SOURCE_CONNECTION_OUTPUT } from '../../../inference-stack/src/stack/stack-names.ts';
import type { AwsFacts, AwsNeeds, EndpointFact, Probe, ProbeError, QuotaFact, StackFact } from './aws-facts.ts';
import { LAMBDA_CONCURRENCY_QUOTA_CODE } from './judge-aws-prerequisites.ts';

export interface DoctorClients {
  readonly sts: STSClient;
  readonly cloudFormation: CloudFormationClient;
  readonly connections: CodeStarConnectionsClient;
  readonly quotas: ServiceQuotasClient;
  readonly sageMaker: SageMakerClient;
}

/** Clients for `region` with the SDK's usual credential chain (AWS_PROFILE, env, SSO, role). */
export function doctorClients(region: string): DoctorClients {
  // A doctor that hangs on an unreachable network helps no one: fail each read within seconds.
  const config = { region, maxAttempts: 2, requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 } };
  return {
    sts: new STSClient(config),
    cloudFormation: new CloudFormationClient(config),
    connections: new CodeStarConnectionsClient(config),
    quotas: new ServiceQuotasClient(config),
    sageMaker: new SageMakerClient(config),
  };
}

export async function readAwsFacts(
  clients: (region: string) => DoctorClients,
  needs: AwsNeeds,
  region: string | undefined,
): Promise<AwsFacts> {
  if (!region) return unread(undefined, { code: 'NoRegion', message: 'no region configured' });
  const { sts, ...rest } = clients(region);
  const identity = await probe(async () => {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '?', arn: out.Arn ?? '?' };
  });
  // Without credentials every other read fails the same way: do not wait for each to say so.
  if (!identity.ok) return unread(region, identity.error);
  return { region, identity, ...(await readAccount(rest, needs)) };
}

function unread(region: string | undefined, error: ProbeError): AwsFacts {
  const failed: Probe<never> = { ok: false, error };
  return {
    region,
    identity: failed,
    toolkit: failed,
    inferenceStack: failed,
    pipelineStack: failed,
    lambdaConcurrency: failed,
    endpointInstances: failed,
    endpoint: failed,
  };
}

async function readAccount(
  clients: Omit<DoctorClients, 'sts'>,
  needs: AwsNeeds,
): Promise<Omit<AwsFacts, 'region' | 'identity'>> {
  const [toolkit, inferenceStack, pipelineStack, lambdaConcurrency, endpointInstances, endpoint] = await Promise.all([
    probe(() => describeStack(clients.cloudFormation, needs.toolkitStackName)),
    probe(() => describeStack(clients.cloudFormation, needs.inferenceStackName)),
    probe(() => describeStack(clients.cloudFormation, needs.pipelineStackName)),
    probe(() => serviceQuota(clients.quotas, 'lambda', LAMBDA_CONCURRENCY_QUOTA_CODE)),
    probe(() => quotaNamed(clients.quotas, 'sagemaker', `${needs.instanceType} for endpoint usage`)),
    probe(() => describeEndpoint(clients.sageMaker, needs.endpointName)),
  ]);
  const connectionArn =
    needs.source.kind === 'codestar'
      ? (needs.source.connectionArn ??
        (pipelineStack.ok ? pipelineStack.value?.outputs[SOURCE_CONNECTION_OUTPUT] : undefined))
      : undefined;
  const connection = connectionArn
    ? await probe(async () => {
        const out = await clients.connections.send(new GetConnectionCommand({ ConnectionArn: connectionArn }));
        return {
          arn: connectionArn,
          name: out.Connection?.ConnectionName ?? connectionArn,
          status: out.Connection?.ConnectionStatus ?? 'unknown',
        };
      })
    : undefined;
  return {
    toolkit,
    inferenceStack,
    pipelineStack,
    ...(connection ? { connection } : {}),
    lambdaConcurrency,
    endpointInstances,
    endpoint,
  };
}

async function probe<T>(read: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    // AWS errors are named by their code; network errors are plain Errors with Node's code (ENOTFOUND...).
    const e = error as { name?: string; code?: string; message?: string };
    const code = e.name && e.name !== 'Error' ? e.name : (e.code ?? e.name ?? 'Error');
    return { ok: false, error: { code, message: e.message ?? String(error) } };
  }
}

async function describeStack(client: CloudFormationClient, name: string): Promise<StackFact | undefined> {
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: name }));
    const stack = out.Stacks?.[0];
    if (!stack) return undefined;
    return {
      name,
      status: stack.StackStatus ?? 'unknown',
      ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
      outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
    };
  } catch (error) {
    // CloudFormation answers a missing stack with a ValidationError ("Stack with id X does not exist").
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message))
      return undefined;
    throw error;
  }
}

async function serviceQuota(client: ServiceQuotasClient, service: string, code: string): Promise<QuotaFact> {
  try {
    const out = await client.send(new GetServiceQuotaCommand({ ServiceCode: service, QuotaCode: code }));
    return quotaFact(out.Quota, false);
  } catch (error) {
    // No applied value for this account: AWS's default holds.
    if ((error as Error).name !== 'NoSuchResourceException') throw error;
    const out = await client.send(new GetAWSDefaultServiceQuotaCommand({ ServiceCode: service, QuotaCode: code }));
    return quotaFact(out.Quota, true);
  }
}

/** Quotas per instance type have a code each; find them by name, applied value first, then AWS's default. */
async function quotaNamed(client: ServiceQuotasClient, service: string, name: string): Promise<QuotaFact | undefined> {
  const list = async (applied: boolean): Promise<QuotaFact | undefined> => {
    let token: string | undefined;
    do {
      const input = { ServiceCode: service, MaxResults: 100, ...(token ? { NextToken: token } : {}) };
      const out = applied
        ? await client.send(new ListServiceQuotasCommand(input))
        : await client.send(new ListAWSDefaultServiceQuotasCommand(input));
      const found = out.Quotas?.find((q) => q.QuotaName === name);
      if (found) return quotaFact(found, !applied);
      token = out.NextToken;
    } while (token);
    return undefined;
  };
  return (await list(true)) ?? (await list(false));
}

function quotaFact(quota: ServiceQuota | undefined, isDefault: boolean): QuotaFact {
  return {
    name: quota?.QuotaName ?? '?',
    code: quota?.QuotaCode ?? '?',
    value: quota?.Value ?? 0,
    isDefault,
  };
}

async function describeEndpoint(client: SageMakerClient, name: string): Promise<EndpointFact | undefined> {
  try {
    const out = await client.send(new DescribeEndpointCommand({ EndpointName: name }));
    return {
      name,
      status: out.EndpointStatus ?? 'unknown',
      ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
    };
  } catch (error) {
    // SageMaker answers a missing endpoint with a ValidationException ("Could not find endpoint ...").
    if ((error as Error).name === 'ValidationException' && /could not find/i.test((error as Error).message))
      return undefined;
    throw error;
  }
}
