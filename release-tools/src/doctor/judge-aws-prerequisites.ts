// Pure: turns what was read from the account (AwsFacts) and what this repository needs (AwsNeeds) into
// findings, each failure with the command or console step that fixes it.
import type { AwsFacts, AwsNeeds, Probe, ProbeError, StackFact } from './aws-facts.ts';
import type { Finding } from './finding.ts';

/** Lambda keeps this much of the account's concurrency unreserved (a reservation past it fails to deploy). */
export const LAMBDA_UNRESERVED_MINIMUM = 100;
/** The usual concurrent-executions quota; new accounts may start far lower. */
export const LAMBDA_USUAL_QUOTA = 1000;
export const LAMBDA_CONCURRENCY_QUOTA_CODE = 'L-B99A9384';

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
]);

const NETWORK_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'TimeoutError']);

export function judgeAwsPrerequisites(facts: AwsFacts, needs: AwsNeeds): Finding[] {
  if (!facts.region)
    return [
      {
        check: 'region',
        status: 'fail',
        summary: 'no region configured',
        fix: 'set AWS_REGION (or AWS_PROFILE with a region, or pass --region)',
      },
    ];
  const region: Finding = { check: 'region', status: 'ok', summary: facts.region };
  if (!facts.identity.ok && NETWORK_ERRORS.has(facts.identity.error.code))
    return [
      region,
      {
        check: 'credentials',
        status: 'fail',
        summary: `cannot reach AWS in ${facts.region} (${describe(facts.identity.error)})`,
        fix: 'check the network, the region name, and HTTPS_PROXY if you need a proxy',
      },
    ];
  if (!facts.identity.ok)
    return [
      region,
      {
        check: 'credentials',
        status: 'fail',
        summary: `no usable credentials (${describe(facts.identity.error)})`,
        fix: 'configure credentials: `aws configure`, `aws sso login --profile <p>` then AWS_PROFILE=<p>, or a role',
      },
    ];
  const { account, arn } = facts.identity.value;
  const context = { account, region: facts.region };
  return [
    region,
    { check: 'credentials', status: 'ok', summary: `account ${account} as ${arn}` },
    bootstrap(facts.toolkit, needs, context),
    stack('stack.inference', facts.inferenceStack, needs.inferenceStackName),
    stack('stack.pipeline', facts.pipelineStack, needs.pipelineStackName),
    sourceConnection(facts, needs),
    lambdaConcurrency(facts.lambdaConcurrency, needs),
    endpointInstances(facts.endpointInstances, needs, facts.region),
    endpoint(facts, needs),
  ];
}

function bootstrap(probe: AwsFacts['toolkit'], needs: AwsNeeds, at: { account: string; region: string }): Finding {
  const check = 'bootstrap';
  const command = `npx cdk bootstrap aws://${at.account}/${at.region}`;
  if (!probe.ok) return unreadable(check, probe.error, 'cloudformation:DescribeStacks');
  const toolkit = probe.value;
  if (!toolkit)
    return {
      check,
      status: 'fail',
      summary: `${at.region} is not bootstrapped for the CDK (no ${needs.toolkitStackName} stack)`,
      fix: command,
    };
  const health = stackHealth(toolkit.status);
  if (health !== 'ok' && health !== 'rolled-back-update')
    return {
      check,
      status: 'fail',
      summary: `${toolkit.name} is ${toolkit.status}`,
      fix: `${command} (after fixing or deleting ${toolkit.name})`,
    };
  const version = Number(toolkit.outputs.BootstrapVersion);
  if (!Number.isInteger(version) || version < needs.minBootstrapVersion)
    return {
      check,
      status: 'fail',
      summary: `bootstrap version ${toolkit.outputs.BootstrapVersion ?? 'unknown'}; these templates need ${needs.minBootstrapVersion} or later`,
      fix: `${command} (with this repository's CDK CLI: it upgrades the bootstrap stack in place)`,
    };
  return { check, status: 'ok', summary: `${toolkit.name} version ${version} (${toolkit.status})` };
}

type StackHealth = 'ok' | 'rolled-back-update' | 'in-progress' | 'failed';

/** CloudFormation stack statuses, by what they mean for a deploy. */
function stackHealth(status: string): StackHealth {
  if (status === 'UPDATE_ROLLBACK_COMPLETE') return 'rolled-back-update';
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (status.endsWith('_FAILED') || status === 'ROLLBACK_COMPLETE') return 'failed';
  return 'ok';
}

function stack(check: string, probe: Probe<StackFact | undefined>, name: string): Finding {
  if (!probe.ok) return unreadable(check, probe.error, 'cloudformation:DescribeStacks');
  const found = probe.value;
  if (!found) return { check, status: 'warn', summary: `${name} is not deployed`, fix: 'npx cdk deploy --all' };
  const events = `aws cloudformation describe-stack-events --stack-name ${name}`;
  const reason = found.statusReason ? `: ${found.statusReason}` : '';
  switch (stackHealth(found.status)) {
    case 'ok':
      return { check, status: 'ok', summary: `${name} ${found.status}` };
    case 'rolled-back-update':
      return {
        check,
        status: 'warn',
        summary: `${name}: the last update rolled back${reason}`,
        fix: `see why with \`${events}\`, then deploy again`,
      };
    case 'in-progress':
      return { check, status: 'warn', summary: `${name} ${found.status}`, fix: 'wait for it, then run doctor again' };
    case 'failed':
      return {
        check,
        status: 'fail',
        summary: `${name} ${found.status}${reason}`,
        fix:
          found.status === 'ROLLBACK_COMPLETE'
            ? `the first deploy failed: read \`${events}\`, delete it (\`aws cloudformation delete-stack --stack-name ${name}\`), fix the cause, deploy again`
            : found.status === 'UPDATE_ROLLBACK_FAILED'
              ? `\`aws cloudformation continue-update-rollback --stack-name ${name}\`, then read \`${events}\``
              : `read \`${events}\``,
      };
  }
}

function sourceConnection(facts: AwsFacts, needs: AwsNeeds): Finding {
  const check = 'source-connection';
  if (needs.source.kind === 'codecommit')
    return { check, status: 'skip', summary: 'the pipeline reads CodeCommit: no connection to check' };
  if (!facts.connection)
    return {
      check,
      status: 'skip',
      summary:
        'no connection yet: the pipeline stack creates one at deploy (or set mlrelease.pipeline.source.connectionArn in cdk.json)',
    };
  if (!facts.connection.ok) {
    if (facts.connection.error.code === 'ResourceNotFoundException')
      return {
        check,
        status: 'fail',
        summary: `connection not found (${facts.connection.error.message})`,
        fix: 'check mlrelease.pipeline.source.connectionArn in cdk.json: same account and region as the pipeline',
      };
    return unreadable(check, facts.connection.error, 'codestar-connections:GetConnection');
  }
  const c = facts.connection.value;
  if (c.status === 'AVAILABLE') return { check, status: 'ok', summary: `${c.name} AVAILABLE` };
  return {
    check,
    status: 'fail',
    summary: `${c.name} is ${c.status}: the pipeline cannot read the repository`,
    fix:
      c.status === 'PENDING'
        ? `activate it once: console > Developer Tools > Settings > Connections > ${c.name} > "Update pending connection", and install the AWS Connector app on the repository's owner`
        : `console > Developer Tools > Settings > Connections > ${c.name}: reconnect it, or create a new one and set mlrelease.pipeline.source.connectionArn`,
  };
}

function lambdaConcurrency(probe: AwsFacts['lambdaConcurrency'], needs: AwsNeeds): Finding {
  const check = 'quota.lambda-concurrency';
  if (!probe.ok) return unreadable(check, probe.error, 'servicequotas:GetServiceQuota');
  const quota = probe.value.value;
  // Reserving is allowed only up to the quota minus what Lambda keeps unreserved; without reservations
  // any quota deploys.
  const need = needs.reservedConcurrency > 0 ? needs.reservedConcurrency + LAMBDA_UNRESERVED_MINIMUM : 0;
  const request = (value: number) =>
    `aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${LAMBDA_CONCURRENCY_QUOTA_CODE} --desired-value ${value}`;
  if (quota < need)
    return {
      check,
      status: 'fail',
      summary: `concurrent executions ${quota}: the stack reserves ${needs.reservedConcurrency} and Lambda keeps ${LAMBDA_UNRESERVED_MINIMUM} unreserved (${need} needed); the deploy would fail`,
      fix: `${request(Math.max(need, LAMBDA_USUAL_QUOTA))}, or lower mlrelease.reservedConcurrency in cdk.json`,
    };
  if (quota < LAMBDA_USUAL_QUOTA)
    return {
      check,
      status: 'warn',
      summary: `concurrent executions ${quota} (usual: ${LAMBDA_USUAL_QUOTA}): the API, worker, authorizer and controller share it, so traffic beyond it is throttled`,
      fix: request(LAMBDA_USUAL_QUOTA),
    };
  return { check, status: 'ok', summary: `concurrent executions ${quota}${need ? ` (${need} needed)` : ''}` };
}

function endpointInstances(probe: AwsFacts['endpointInstances'], needs: AwsNeeds, region: string): Finding {
  const check = 'quota.endpoint-instances';
  const name = `${needs.instanceType} for endpoint usage`;
  if (!probe.ok) return unreadable(check, probe.error, 'servicequotas:ListServiceQuotas');
  const quota = probe.value;
  if (!quota)
    return {
      check,
      status: 'fail',
      summary: `no "${name}" quota in ${region}: that instance type is not offered for endpoints here`,
      fix: 'choose another endpoint.instanceType in models.yaml (or another region)',
    };
  // A blue/green endpoint update (the stack's deployment policy) runs the new fleet beside the old one.
  const request = (value: number) =>
    `aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code ${quota.code} --desired-value ${value}`;
  const atMin = 2 * needs.minInstances;
  const atMax = 2 * needs.maxInstances;
  if (quota.value < atMin)
    return {
      check,
      status: 'fail',
      summary: `"${name}" is ${quota.value}: the endpoint needs ${needs.minInstances}, and ${atMin} while a blue/green update runs both fleets`,
      fix: request(atMax),
    };
  if (quota.value < atMax)
    return {
      check,
      status: 'warn',
      summary: `"${name}" is ${quota.value}: enough at ${needs.minInstances} instance${needs.minInstances === 1 ? '' : 's'}, not for an update while scaled out to ${needs.maxInstances} (${atMax})`,
      fix: request(atMax),
    };
  return {
    check,
    status: 'ok',
    summary: `"${name}" is ${quota.value} (${atMax} covers an update at the maximum scale)`,
  };
}

function endpoint(facts: AwsFacts, needs: AwsNeeds): Finding {
  const check = 'endpoint';
  const probe = facts.endpoint;
  if (!probe.ok) return unreadable(check, probe.error, 'sagemaker:DescribeEndpoint');
  const found = probe.value;
  const deployed = facts.inferenceStack.ok && facts.inferenceStack.value !== undefined;
  if (!found)
    return deployed
      ? {
          check,
          status: 'fail',
          summary: `${needs.inferenceStackName} is deployed but has no endpoint named ${needs.endpointName}`,
          fix: 'models.yaml endpoint.name changed since the deploy: deploy again (`npx cdk deploy --all`)',
        }
      : { check, status: 'skip', summary: `${needs.endpointName}: not created yet (deploy the stacks first)` };
  const logs = `CloudWatch Logs /aws/sagemaker/Endpoints/${found.name}`;
  if (found.status === 'InService') return { check, status: 'ok', summary: `${found.name} InService` };
  if (found.status === 'Failed' || found.status === 'OutOfService')
    return {
      check,
      status: 'fail',
      summary: `${found.name} ${found.status}${found.failureReason ? `: ${found.failureReason}` : ''}`,
      fix: `read ${logs}; the serving container must answer GET /ping on SAGEMAKER_BIND_TO_PORT`,
    };
  return {
    check,
    status: 'warn',
    summary: `${found.name} ${found.status}`,
    fix: 'wait for InService, then run doctor again',
  };
}

function unreadable(check: string, error: ProbeError, action: string): Finding {
  return {
    check,
    status: 'warn',
    summary: `could not check (${describe(error)})`,
    fix: isCredentialError(error) ? 'refresh the credentials and run doctor again' : `doctor needs ${action}`,
  };
}

function isCredentialError(error: ProbeError): boolean {
  return CREDENTIAL_ERRORS.has(error.code);
}

function describe(error: ProbeError): string {
  return error.message && error.message !== error.code ? `${error.code}: ${error.message}` : error.code;
}
