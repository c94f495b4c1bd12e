// IAM held against the code: every AWS call each role's real code makes (and each call AWS services
// make for the app), evaluated by @cloud-copilot/iam-simulate against the synthesized templates'
// identity and resource policies. Plus what must stay denied. The roles x calls table is pipeline/IAM.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIamModel } from './build-iam-model.ts';
import { type Evaluated, evaluate } from './evaluate.ts';
import type { IamModel } from './iam-model.ts';
import { type IamRequest, requestsFor } from './iam-requests.ts';
import { recordingAws } from './recording-aws.ts';
import { type RoleRun, runAllScenarios } from './role-scenarios.ts';
import { nameLabels, renderTable, shorten, type TableRow } from './roles-table.ts';
import { serviceRequests, toPrincipal } from './service-requests.ts';

/** Roles whose calls AWS makes from managed configuration, not from this project's code. */
const NOT_OUR_CALLS: Record<string, string> = {
  BucketNotificationsHandler050a0587b7544547bf325f094a3db834Role:
    'CDK custom resource: s3:PutBucketNotification at deploy time only',
  EndpointScalingRole: 'Application Auto Scaling (target tracking on the endpoint variant), AWS-defined calls',
  ApiCloudWatchRole: 'API Gateway account setting: writes access/execution logs (AWS managed policy)',
  AuditTrailLogsRole: 'CloudTrail delivering to its log group',
  PipelineApproveReleaseApproveCodePipelineActionRole:
    'manual approval action: CodePipeline assumes it (a row of PipelineRole) and it makes no call',
  ApiAuthRoleAuthorizerFunctionServiceRole:
    'the token authorizer makes no AWS SDK call (verifies the Cognito JWT against the JWKS over HTTPS)',
};

/** Named actions granted for paths the scenarios do not take (CDK's own grants, error paths). */
const USED_OUTSIDE_THE_SCENARIOS: Record<string, string> = {
  'xray:PutTraceSegments': 'Lambda active tracing (the runtime sends segments)',
  'xray:PutTelemetryRecords': 'Lambda active tracing (the runtime sends segments)',
  'sqs:GetQueueUrl': 'part of the CDK grant for Lambda event sources and destinations',
  'sqs:GetQueueAttributes': 'part of the CDK grant for Lambda destinations',
  'sagemaker:StopCompilationJob': 'Neo compile timing out (neo-compiler.ts stops the job)',
  'cloudwatch:DeleteAlarms': 'a model retired from models.yaml (cloudwatch-desired-resources.ts deletes its alarms)',
  'cloudwatch:DeleteDashboards': 'a model retired from models.yaml (its dashboard is deleted)',
  'sagemaker:UpdateModelPackage': 'mlrelease registry approve',
  'sagemaker:ListModelPackageGroups': 'mlrelease registry list',
  'sagemaker:AddTags': 'register with tags (model package lineage)',
  'codebuild:StopBuild': 'CodePipeline stopping an execution',
  'codebuild:CreateReportGroup': 'CDK grant for CodeBuild test reports (none configured)',
  'codebuild:CreateReport': 'CDK grant for CodeBuild test reports (none configured)',
  'codebuild:UpdateReport': 'CDK grant for CodeBuild test reports (none configured)',
  'codebuild:BatchPutTestCases': 'CDK grant for CodeBuild test reports (none configured)',
  'codebuild:BatchPutCodeCoverages': 'CDK grant for CodeBuild test reports (none configured)',
  'codecommit:CancelUploadArchive': 'CodePipeline cancelling a source action',
  'logs:CreateLogGroup': 'CodeBuild/SageMaker create their default log group when it is missing',
  'sagemaker:DescribeModelPackage': 'mlrelease register of a version already registered',
  'kms:Encrypt': 'part of the CDK key grants for writers',
  'kms:DescribeKey': 'part of the CDK key grants for readers',
  'sagemaker:UpdateEndpoint':
    'a Neo version added beside another one, or removed while others stay (sagemaker-production-variants.ts; adapter test)',
  's3:AbortMultipartUpload': 'a multipart upload of a large model failing (s3-multipart-upload.ts)',
};

const aws = recordingAws();
let model: IamModel;
let runs: RoleRun[];
let evaluated: (Evaluated & { principal: string; principalArn: string })[];
let labels: [string, string][];

// Request context worth reading in the table (the condition keys our policies test).
const contextNote = (context: Readonly<Record<string, string>> | undefined) => {
  const shown = Object.entries(context ?? {}).filter(([k]) => k !== 'aws:SourceAccount');
  return shown.length > 0 ? ` (${shown.map(([k, v]) => `${k}=${shorten(v, labels)}`).join(', ')})` : '';
};

const label = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

beforeAll(async () => {
  model = buildIamModel();
  labels = nameLabels(model);
  runs = await runAllScenarios(model, aws);
  evaluated = [];
  const allCalls = runs.flatMap((r) => r.calls);
  for (const run of runs) {
    const role = model.roleByArn(run.roleArn);
    for (const call of run.calls)
      for (const request of requestsFor(call, model))
        evaluated.push({
          ...(await evaluate(model, { role }, request)),
          principal: label(role.logicalId),
          principalArn: role.arn,
        });
  }
  for (const { principal, request } of serviceRequests(model, allCalls)) {
    const p = toPrincipal(model, principal);
    const name = 'role' in p ? label(p.role.logicalId) : p.service;
    evaluated.push({
      ...(await evaluate(model, p, request)),
      principal: name,
      principalArn: 'role' in p ? p.role.arn : p.service,
    });
  }
}, 300_000);
afterAll(() => aws.restore());

const tableRows = (): TableRow[] =>
  evaluated.map((e) => ({
    role: e.principal,
    action: e.action,
    resource: shorten(e.resource, labels) + contextNote(e.context),
    via: e.via,
    decision: e.decision,
  }));

describe('IAM held against the code', () => {
  it('ran every role scenario through to the end', () => {
    const failed = runs.filter((r) => {
      const result = r.result as {
        code?: number;
        statusCode?: number;
        batchItemFailures?: unknown[];
        errors?: unknown[];
      };
      return (
        (result.code !== undefined && result.code !== 0) ||
        (result.statusCode !== undefined && result.statusCode >= 400) ||
        (result.batchItemFailures?.length ?? 0) > 0 ||
        (result.errors?.length ?? 0) > 0
      );
    });
    expect(failed.map((r) => `${r.scenario}: ${JSON.stringify(r.result).slice(0, 300)}`)).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(20);
  });

  it('allows every call each role makes, and every call AWS services make for the app', () => {
    const denied = evaluated
      .filter((e) => e.decision !== 'Allowed')
      .map((e) => `${e.principal}: ${e.action} on ${shorten(e.resource, labels)} (${e.via}) -> ${e.decision}`);
    expect([...new Set(denied)]).toEqual([]);
  });

  it('covers every role in the templates, or says why its calls are not ours', () => {
    const covered = new Set(evaluated.map((e) => e.principalArn));
    const uncovered = model
      .roles()
      .filter((r) => !covered.has(r.arn))
      .map((r) => label(r.logicalId));
    expect(uncovered.filter((r) => !(r in NOT_OUR_CALLS))).toEqual([]);
    expect(Object.keys(NOT_OUR_CALLS).filter((r) => !uncovered.includes(r))).toEqual([]);
  });

  it('grants no named action that the role’s code and services never use', () => {
    const used = new Map<string, Set<string>>();
    for (const e of evaluated) used.set(e.principalArn, (used.get(e.principalArn) ?? new Set()).add(e.action));
    const unused = model.roles().flatMap((role) => {
      const calls = used.get(role.arn);
      if (!calls) return [];
      return role.identityPolicies.flatMap((p) =>
        p.policy.Statement.map((s) => [s.Action].flat() as string[])
          // A statement with a wildcard action is a CDK grant bundle (grantRead, grantPut...): skip it.
          .filter((actions) => actions.every((a) => !a.includes('*')))
          .flat()
          .filter((a) => !calls.has(a) && !(a in USED_OUTSIDE_THE_SCENARIOS))
          .map((a) => `${label(role.logicalId)}: ${a}`),
      );
    });
    expect([...new Set(unused)]).toEqual([]);
  });

  it('keeps the roles x calls table in pipeline/IAM.md current', async () => {
    const intro = [
      '# IAM: roles x calls',
      '',
      'Generated by `pipeline/test/iam/iam.test.ts` (`npx vitest run pipeline/test/iam -u` rewrites it).',
      'Each row is one request AWS would authorize: from a recorded SDK call of the role’s code, or from a',
      'service acting for the app as configured in the template. Decisions are',
      '[`@cloud-copilot/iam-simulate`](https://github.com/cloud-copilot/iam-simulate) over the synthesized',
      `policies, for account ${'`111122223333`'} in ${'`eu-west-1`'}. Names in braces are construct ids.`,
      '',
      'Roles with no row here, and why:',
      '',
      ...Object.entries(NOT_OUR_CALLS).map(([role, why]) => `- ${role}: ${why}`),
      '',
    ].join('\n');
    await expect(`${intro}\n${renderTable(tableRows())}\n`).toMatchFileSnapshot('../../IAM.md');
  });
});

describe('IAM denies what the code must not do', () => {
  const lambdaRole = (service: string) => model.roleByArn(model.functionByService(`mlrelease-${service}`).roleArn);
  const decide = async (service: string, request: Omit<IamRequest, 'via'>) =>
    (await evaluate(model, { role: lambdaRole(service) }, { ...request, via: 'negative case' })).decision;
  const env = (service: string) => model.functionByService(`mlrelease-${service}`).environment;
  const dataObject = (key: string) => `arn:aws:s3:::${env('submit').DATA_BUCKET}/${key}`;
  const stateObject = (key: string) => `arn:aws:s3:::${env('controller').STATE_BUCKET}/${key}`;
  const functions = [
    'submit',
    'getPrediction',
    'invokeSync',
    's3EventPublisher',
    'worker',
    'mirror',
    'controller',
    'authorizer',
  ];

  it('the worker cannot write requests/', async () => {
    expect(await decide('worker', { action: 's3:PutObject', resource: dataObject('requests/r-1.json') })).not.toBe(
      'Allowed',
    );
  });

  it('no function can invoke another endpoint', async () => {
    for (const fn of functions)
      expect(
        await decide(fn, {
          action: 'sagemaker:InvokeEndpoint',
          resource: 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/other-mme',
        }),
        fn,
      ).not.toBe('Allowed');
  });

  it('the API functions cannot read the state bucket, except submit and invoke reading the route table', async () => {
    for (const fn of ['getPrediction', 'authorizer'])
      for (const key of ['routes.json', 'desired/models.yaml', 'state/rollouts/m.json'])
        expect(await decide(fn, { action: 's3:GetObject', resource: stateObject(key) }), `${fn} ${key}`).not.toBe(
          'Allowed',
        );
    for (const fn of ['submit', 'invokeSync']) {
      expect(await decide(fn, { action: 's3:GetObject', resource: stateObject('routes.json') }), fn).toBe('Allowed');
      for (const key of ['desired/models.yaml', 'state/rollouts/m.json', 'state/releases/m/1.0.0.json'])
        expect(await decide(fn, { action: 's3:GetObject', resource: stateObject(key) }), `${fn} ${key}`).not.toBe(
          'Allowed',
        );
    }
  });

  it('the controller cannot overwrite or delete what the pipeline owns (desired/, state/releases/)', async () => {
    for (const key of ['desired/models.yaml', 'state/releases/m/1.0.0.json'])
      for (const action of ['s3:PutObject', 's3:DeleteObject'])
        expect(await decide('controller', { action, resource: stateObject(key) }), `${action} ${key}`).not.toBe(
          'Allowed',
        );
  });

  it('the controller deletes nothing in its state bucket', async () => {
    for (const key of ['routes.json', 'state/rollouts/m.json'])
      expect(await decide('controller', { action: 's3:DeleteObject', resource: stateObject(key) }), key).not.toBe(
        'Allowed',
      );
  });

  it('keys serve AWS services only for this account’s resources (no confused deputy)', async () => {
    const other = '444455556666';
    const keyOf = (resource: string) => model.encryptionKeyOf(resource)!;
    const queue = model.resourcesOfType('AWS::SQS::Queue')[0]!;
    const topic = model.resourcesOfType('AWS::SNS::Topic')[0]!;
    const cases: [string, string, Record<string, string>][] = [
      [
        'sns.amazonaws.com',
        keyOf(queue.stack.arnOf(queue.id)),
        { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${other}:t`, 'aws:SourceAccount': other },
      ],
      [
        'events.amazonaws.com',
        keyOf(queue.stack.arnOf(queue.id)),
        { 'aws:SourceArn': `arn:aws:events:eu-west-1:${other}:rule/r`, 'aws:SourceAccount': other },
      ],
      [
        'cloudwatch.amazonaws.com',
        keyOf(topic.stack.arnOf(topic.id)),
        { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${other}:alarm:a`, 'aws:SourceAccount': other },
      ],
      ['logs.eu-west-1.amazonaws.com', keyOf(queue.stack.arnOf(queue.id)), {}],
    ];
    for (const [service, key, context] of cases) {
      const request = { action: 'kms:Decrypt', resource: key, context, via: 'negative case' };
      expect((await evaluate(model, { service }, request)).decision, `${service} ${JSON.stringify(context)}`).not.toBe(
        'Allowed',
      );
    }
    const logsKey = String(model.resourcesOfType('AWS::Logs::LogGroup')[0]!.props.KmsKeyId);
    const foreignGroup = { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${other}:log-group:g` };
    const logs = { action: 'kms:Decrypt', resource: logsKey, context: foreignGroup, via: 'negative case' };
    expect((await evaluate(model, { service: 'logs.eu-west-1.amazonaws.com' }, logs)).decision).not.toBe('Allowed');
  });

  it('the endpoint pulls only its own image repository', async () => {
    const role = model.roles().find((r) => r.logicalId.startsWith('EndpointExecutionRole'))!;
    for (const repository of [
      'arn:aws:ecr:eu-west-1:444455556666:repository/pytorch-inference',
      'arn:aws:ecr:eu-west-1:763104351884:repository/other',
    ])
      expect(
        (await evaluate(model, { role }, { action: 'ecr:BatchGetImage', resource: repository, via: 'negative case' }))
          .decision,
        repository,
      ).not.toBe('Allowed');
  });

  it('only the worker and the mirror function write mirrored pairs, and only under mirror/', async () => {
    for (const fn of functions.filter((f) => f !== 'worker' && f !== 'mirror'))
      expect(
        await decide(fn, { action: 's3:PutObject', resource: dataObject('mirror/churn-scorer/1.1.0/1-b.json') }),
        fn,
      ).not.toBe('Allowed');
    for (const fn of ['worker', 'mirror'])
      for (const key of ['mirror-other/x.json', 'models/churn-scorer/1.1.0/model.tar.gz', 'idempotency/k.json'])
        expect(await decide(fn, { action: 's3:PutObject', resource: dataObject(key) }), `${fn} ${key}`).not.toBe(
          'Allowed',
        );
    // The mirror function reads nothing of the callers' data: its requests come in its queue's messages.
    for (const key of ['requests/r-1.json', 'results/r-1.json'])
      expect(await decide('mirror', { action: 's3:GetObject', resource: dataObject(key) }), key).not.toBe('Allowed');
  });

  it('the controller reads the data bucket only under mirror/, and writes nothing there', async () => {
    expect(
      await decide('controller', { action: 's3:GetObject', resource: dataObject('mirror/m/1.0.0/1-b.json') }),
    ).toBe('Allowed');
    for (const key of ['requests/r-1.json', 'results/r-1.json', 'idempotency/k.json'])
      expect(await decide('controller', { action: 's3:GetObject', resource: dataObject(key) }), key).not.toBe(
        'Allowed',
      );
    const list = (prefix: string) =>
      decide('controller', {
        action: 's3:ListBucket',
        resource: `arn:aws:s3:::${env('submit').DATA_BUCKET}`,
        context: { 's3:prefix': prefix },
      });
    expect(await list('mirror/churn-scorer/1.1.0/')).toBe('Allowed');
    for (const prefix of ['requests/', 'results/', ''])
      expect(await list(prefix), `list ${prefix || '(whole bucket)'}`).not.toBe('Allowed');
    for (const action of ['s3:PutObject', 's3:DeleteObject'])
      expect(await decide('controller', { action, resource: dataObject('mirror/m/1.0.0/1-b.json') }), action).not.toBe(
        'Allowed',
      );
  });

  it('only the worker writes results/, only submit writes requests/', async () => {
    for (const fn of functions.filter((f) => f !== 'worker'))
      expect(await decide(fn, { action: 's3:PutObject', resource: dataObject('results/r-1.json') }), fn).not.toBe(
        'Allowed',
      );
    for (const fn of functions.filter((f) => f !== 'submit'))
      expect(await decide(fn, { action: 's3:PutObject', resource: dataObject('requests/r-1.json') }), fn).not.toBe(
        'Allowed',
      );
  });
});
