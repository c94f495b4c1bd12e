// Each account situation a first deploy meets, and the finding doctor gives for it.
import { describe, expect, it } from 'vitest';
import type { AwsFacts, AwsNeeds, Probe } from '../../src/doctor/aws-facts.ts';
import { hasFailure, renderFindings } from '../../src/doctor/finding.ts';
import { judgeAwsPrerequisites } from '../../src/doctor/judge-aws-prerequisites.ts';

const needs: AwsNeeds = {
  toolkitStackName: 'CDKToolkit',
  minBootstrapVersion: 6,
  inferenceStackName: 'ModelRelease-Inference',
  pipelineStackName: 'ModelRelease-Pipeline',
  endpointName: 'scoring-mme',
  instanceType: 'ml.c5.xlarge',
  minInstances: 1,
  maxInstances: 4,
  reservedConcurrency: 0,
  source: { kind: 'codestar' },
};
const ok = <T>(value: T): Probe<T> => ({ ok: true, value });
const denied = (code: string, message = ''): Probe<never> => ({ ok: false, error: { code, message } });
const stack = (name: string, status = 'CREATE_COMPLETE', outputs: Record<string, string> = {}) =>
  ok({ name, status, outputs });

/** A deployed, healthy account. */
const healthy: AwsFacts = {
  region: 'eu-west-1',
  identity: ok({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ana' }),
  toolkit: stack('CDKToolkit', 'UPDATE_COMPLETE', { BootstrapVersion: '29' }),
  inferenceStack: stack('ModelRelease-Inference'),
  pipelineStack: stack('ModelRelease-Pipeline', 'CREATE_COMPLETE', { SourceConnectionArn: 'arn:c' }),
  connection: ok({ arn: 'arn:c', name: 'model-release-source', status: 'AVAILABLE' }),
  lambdaConcurrency: ok({ name: 'Concurrent executions', code: 'L-B99A9384', value: 1000, isDefault: true }),
  endpointInstances: ok({ name: 'ml.c5.xlarge for endpoint usage', code: 'L-1', value: 8, isDefault: false }),
  endpoint: ok({ name: 'scoring-mme', status: 'InService' }),
};
const byCheck = (facts: AwsFacts, n: AwsNeeds = needs) =>
  Object.fromEntries(judgeAwsPrerequisites(facts, n).map((f) => [f.check, f]));

describe('doctor --aws judges', () => {
  it('a healthy deployed account: every check ok', () => {
    const findings = judgeAwsPrerequisites(healthy, needs);
    expect(findings.map((f) => [f.check, f.status])).toEqual([
      ['region', 'ok'],
      ['credentials', 'ok'],
      ['bootstrap', 'ok'],
      ['stack.inference', 'ok'],
      ['stack.pipeline', 'ok'],
      ['source-connection', 'ok'],
      ['quota.lambda-concurrency', 'ok'],
      ['quota.endpoint-instances', 'ok'],
      ['endpoint', 'ok'],
    ]);
    expect(hasFailure(findings)).toBe(false);
  });

  it('a fresh account: not bootstrapped (fails, with the bootstrap command), nothing deployed yet (warns), quotas of a new account', () => {
    const fresh: AwsFacts = {
      ...healthy,
      toolkit: ok(undefined),
      inferenceStack: ok(undefined),
      pipelineStack: ok(undefined),
      lambdaConcurrency: ok({ name: 'Concurrent executions', code: 'L-B99A9384', value: 10, isDefault: false }),
      endpointInstances: ok({ name: 'ml.c5.xlarge for endpoint usage', code: 'L-C5X', value: 0, isDefault: true }),
      endpoint: ok(undefined),
    };
    const { connection: _, ...withoutConnection } = fresh;
    const f = byCheck(withoutConnection);
    expect(f.bootstrap).toMatchObject({ status: 'fail', fix: 'npx cdk bootstrap aws://123456789012/eu-west-1' });
    expect(f['stack.inference']).toMatchObject({ status: 'warn', fix: 'npx cdk deploy --all' });
    expect(f['source-connection']?.status).toBe('skip');
    // Nothing reserved: a quota of 10 deploys, but every function shares 10 concurrent executions.
    expect(f['quota.lambda-concurrency']).toMatchObject({ status: 'warn' });
    expect(f['quota.lambda-concurrency']?.fix).toContain('--quota-code L-B99A9384 --desired-value 1000');
    expect(f['quota.endpoint-instances']).toMatchObject({ status: 'fail' });
    expect(f['quota.endpoint-instances']?.fix).toContain(
      '--service-code sagemaker --quota-code L-C5X --desired-value 8',
    );
    expect(f.endpoint?.status).toBe('skip');
  });

  it('bootstrap: an old version fails; a version exactly at the minimum passes', () => {
    expect(
      byCheck({ ...healthy, toolkit: stack('CDKToolkit', 'CREATE_COMPLETE', { BootstrapVersion: '5' }) }).bootstrap,
    ).toMatchObject({ status: 'fail', summary: 'bootstrap version 5; these templates need 6 or later' });
    expect(
      byCheck({ ...healthy, toolkit: stack('CDKToolkit', 'CREATE_COMPLETE', { BootstrapVersion: '6' }) }).bootstrap
        ?.status,
    ).toBe('ok');
    expect(byCheck({ ...healthy, toolkit: stack('CDKToolkit', 'CREATE_COMPLETE', {}) }).bootstrap?.status).toBe('fail');
  });

  it('stacks: a failed first deploy says to delete and redeploy; an in-progress deploy warns', () => {
    const failed = byCheck({
      ...healthy,
      inferenceStack: ok({
        name: 'ModelRelease-Inference',
        status: 'ROLLBACK_COMPLETE',
        statusReason: 'Quota exceeded',
        outputs: {},
      }),
    })['stack.inference'];
    expect(failed?.status).toBe('fail');
    expect(failed?.summary).toBe('ModelRelease-Inference ROLLBACK_COMPLETE: Quota exceeded');
    expect(failed?.fix).toContain('aws cloudformation delete-stack --stack-name ModelRelease-Inference');
    expect(
      byCheck({ ...healthy, pipelineStack: stack('ModelRelease-Pipeline', 'UPDATE_IN_PROGRESS') })['stack.pipeline']
        ?.status,
    ).toBe('warn');
    expect(
      byCheck({ ...healthy, pipelineStack: stack('ModelRelease-Pipeline', 'UPDATE_ROLLBACK_FAILED') })['stack.pipeline']
        ?.fix,
    ).toContain('continue-update-rollback');
  });

  it('source connection: PENDING fails with the console step; CodeCommit needs none', () => {
    const pending = byCheck({
      ...healthy,
      connection: ok({ arn: 'arn:c', name: 'model-release-source', status: 'PENDING' }),
    })['source-connection'];
    expect(pending?.status).toBe('fail');
    expect(pending?.fix).toContain('Update pending connection');
    expect(byCheck(healthy, { ...needs, source: { kind: 'codecommit' } })['source-connection']?.status).toBe('skip');
    expect(
      byCheck({ ...healthy, connection: denied('ResourceNotFoundException', 'no such connection') })[
        'source-connection'
      ]?.status,
    ).toBe('fail');
  });

  it('lambda concurrency: reservations need quota - 100 headroom; exactly enough passes with a warning below 1,000', () => {
    const reserving = { ...needs, reservedConcurrency: 150 };
    const at = (value: number) =>
      byCheck(
        { ...healthy, lambdaConcurrency: ok({ name: 'c', code: 'L-B99A9384', value, isDefault: false }) },
        reserving,
      )['quota.lambda-concurrency']?.status;
    expect(at(249)).toBe('fail');
    expect(at(250)).toBe('warn');
    expect(at(1000)).toBe('ok');
  });

  it('endpoint instances: blue/green needs twice the fleet; below twice the minimum fails, below twice the maximum warns', () => {
    const at = (value: number | undefined) =>
      byCheck({
        ...healthy,
        endpointInstances: ok(value === undefined ? undefined : { name: 'q', code: 'L-1', value, isDefault: false }),
      })['quota.endpoint-instances']?.status;
    expect([at(1), at(2), at(7), at(8), at(undefined)]).toEqual(['fail', 'warn', 'warn', 'ok', 'fail']);
  });

  it('endpoint: Failed fails with the reason and where the logs are; Updating warns; missing after a deploy fails', () => {
    const failed = byCheck({
      ...healthy,
      endpoint: ok({ name: 'scoring-mme', status: 'Failed', failureReason: 'ping failed' }),
    }).endpoint;
    expect(failed).toMatchObject({ status: 'fail', summary: 'scoring-mme Failed: ping failed' });
    expect(failed?.fix).toContain('/aws/sagemaker/Endpoints/scoring-mme');
    expect(byCheck({ ...healthy, endpoint: ok({ name: 'scoring-mme', status: 'Updating' }) }).endpoint?.status).toBe(
      'warn',
    );
    expect(byCheck({ ...healthy, endpoint: ok(undefined) }).endpoint?.status).toBe('fail');
  });

  it('a read that is denied warns and names the permission, without failing doctor', () => {
    const f = byCheck({ ...healthy, lambdaConcurrency: denied('AccessDeniedException', 'not authorized') });
    expect(f['quota.lambda-concurrency']).toMatchObject({
      status: 'warn',
      summary: 'could not check (AccessDeniedException: not authorized)',
      fix: 'doctor needs servicequotas:GetServiceQuota',
    });
  });

  it('no region, or no credentials: one failure that says what to set, and nothing else is judged', () => {
    expect(judgeAwsPrerequisites({ ...healthy, region: undefined }, needs)).toEqual([
      expect.objectContaining({ check: 'region', status: 'fail' }),
    ]);
    const noCredentials = judgeAwsPrerequisites(
      { ...healthy, identity: denied('CredentialsProviderError', 'Could not load credentials from any providers') },
      needs,
    );
    expect(noCredentials.map((f) => [f.check, f.status])).toEqual([
      ['region', 'ok'],
      ['credentials', 'fail'],
    ]);
    expect(noCredentials[1]?.fix).toContain('aws sso login');
    const offline = judgeAwsPrerequisites(
      { ...healthy, identity: denied('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com') },
      needs,
    );
    expect(offline[1]).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('cannot reach AWS in eu-west-1'),
    });
  });

  it('renders one line per check, the fix under it, and a verdict', () => {
    const text = renderFindings(judgeAwsPrerequisites({ ...healthy, toolkit: ok(undefined) }, needs));
    expect(text).toContain('FAIL  bootstrap');
    expect(text).toContain('-> npx cdk bootstrap aws://123456789012/eu-west-1');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 prerequisite not met');
  });
});
