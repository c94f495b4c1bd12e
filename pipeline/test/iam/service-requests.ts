// The requests AWS services make for this app, read from the resources that configure them: Lambda
// pollers and failure destinations (with the function's role), SNS and EventBridge deliveries (as
// service principals, against the queue, key and function policies), SageMaker loading models and
// pulling the image (with the endpoint's execution role), Neo reading and writing (with the compile
// role), CodeBuild and CodePipeline moving artifacts (with their roles).
import { ACCOUNT, PARTITION, REGION } from './cfn-resolver.ts';
import type { Principal } from './evaluate.ts';
import type { IamModel } from './iam-model.ts';
import { type IamRequest, splitS3Uri } from './iam-requests.ts';
import type { RecordedCall } from './recording-aws.ts';

export interface PrincipalRequest {
  /** The role's ARN, or the service principal. */
  readonly principal: { readonly roleArn: string } | { readonly service: string };
  readonly request: IamRequest;
}

const asRole = (roleArn: string) => ({ roleArn });
const label = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');
const s3Object = (uri: string) => {
  const [bucket, key] = splitS3Uri(uri);
  return `arn:${PARTITION}:s3:::${bucket}/${key}`;
};

export function toPrincipal(model: IamModel, p: PrincipalRequest['principal']): Principal {
  return 'roleArn' in p ? { role: model.roleByArn(p.roleArn) } : { service: p.service };
}

export function serviceRequests(model: IamModel, calls: readonly RecordedCall[]): PrincipalRequest[] {
  const out: PrincipalRequest[] = [];
  const add = (principal: PrincipalRequest['principal'], request: IamRequest) => out.push({ principal, request });
  const functions = model.resourcesOfType('AWS::Lambda::Function');
  const roleOfFunction = (arnOrName: unknown) => {
    const fn = functions.find((f) => f.stack.arnOf(f.id) === arnOrName || f.stack.ref(f.id) === arnOrName);
    if (!fn) throw new Error(`no function ${String(arnOrName)}`);
    return String(fn.props.Role);
  };
  const queueKms = (
    principal: PrincipalRequest['principal'],
    queue: string,
    actions: string[],
    via: string,
    context = {},
  ) => {
    const key = model.encryptionKeyOf(queue);
    if (key)
      for (const action of actions) add(principal, { action, resource: key, via: `${via} (SQS SSE-KMS)`, context });
  };

  // Lambda polls SQS event sources with the function's role.
  for (const { props } of model.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
    const role = asRole(roleOfFunction(props.FunctionName));
    const queue = String(props.EventSourceArn);
    const via = 'Lambda event source mapping';
    for (const action of [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
    ])
      add(role, { action, resource: queue, via });
    queueKms(role, queue, ['kms:Decrypt'], via);
  }
  // Failed asynchronous invocations: a DLQ or an on-failure destination, sent with the function's role.
  const failureTarget = (fnRef: unknown, queue: string, via: string) => {
    const role = asRole(roleOfFunction(fnRef));
    add(role, { action: 'sqs:SendMessage', resource: queue, via });
    queueKms(role, queue, ['kms:GenerateDataKey', 'kms:Decrypt'], via);
  };
  for (const f of functions) {
    const dlq = (f.props.DeadLetterConfig as { TargetArn?: string } | undefined)?.TargetArn;
    if (dlq) failureTarget(f.stack.arnOf(f.id), dlq, 'Lambda async DLQ');
  }
  for (const { props } of model.resourcesOfType('AWS::Lambda::EventInvokeConfig')) {
    const destination = (props.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure
      ?.Destination;
    if (destination?.includes(':sqs:')) failureTarget(props.FunctionName, destination, 'Lambda on-failure destination');
  }
  // EventBridge invokes rule targets and dead-letters undeliverable events, as events.amazonaws.com.
  for (const { stack, id, props } of model.resourcesOfType('AWS::Events::Rule')) {
    const source = { 'aws:SourceArn': stack.arnOf(id), 'aws:SourceAccount': ACCOUNT };
    const events = { service: 'events.amazonaws.com' };
    for (const target of (props.Targets as { Arn: string; RoleArn?: string; DeadLetterConfig?: { Arn: string } }[]) ??
      []) {
      if (target.RoleArn && target.Arn.includes(':codepipeline:'))
        add(asRole(target.RoleArn), {
          action: 'codepipeline:StartPipelineExecution',
          resource: target.Arn,
          via: `EventBridge rule ${label(id)}`,
        });
      if (target.Arn.includes(':lambda:'))
        add(events, {
          action: 'lambda:InvokeFunction',
          resource: target.Arn,
          context: source,
          via: `EventBridge rule ${label(id)}`,
        });
      const dlq = target.DeadLetterConfig?.Arn;
      if (dlq) {
        add(events, {
          action: 'sqs:SendMessage',
          resource: dlq,
          context: source,
          via: `EventBridge rule ${label(id)} DLQ`,
        });
        queueKms(events, dlq, ['kms:GenerateDataKey', 'kms:Decrypt'], `EventBridge rule ${label(id)} DLQ`, source);
      }
    }
  }
  // SNS delivers to subscribed queues as sns.amazonaws.com.
  for (const { props } of model.resourcesOfType('AWS::SNS::Subscription')) {
    if (props.Protocol !== 'sqs') continue;
    const sns = { service: 'sns.amazonaws.com' };
    const source = { 'aws:SourceArn': String(props.TopicArn), 'aws:SourceAccount': ACCOUNT };
    const queue = String(props.Endpoint);
    add(sns, { action: 'sqs:SendMessage', resource: queue, context: source, via: 'SNS subscription delivery' });
    queueKms(sns, queue, ['kms:GenerateDataKey', 'kms:Decrypt'], 'SNS subscription delivery', source);
  }
  // CloudWatch alarms publish to their (encrypted) action topics as cloudwatch.amazonaws.com.
  for (const { stack, id, props } of model.resourcesOfType('AWS::CloudWatch::Alarm')) {
    for (const topic of (props.AlarmActions as string[] | undefined) ?? []) {
      const key = model.encryptionKeyOf(topic);
      const source = { 'aws:SourceArn': stack.attribute(id, 'Arn'), 'aws:SourceAccount': ACCOUNT };
      if (key)
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt'])
          add(
            { service: 'cloudwatch.amazonaws.com' },
            { action, resource: key, context: source, via: 'CloudWatch alarm action (SNS SSE-KMS)' },
          );
    }
  }
  // CloudWatch Logs encrypts each group with its key, naming the group in the encryption context.
  for (const { stack, id, props } of model.resourcesOfType('AWS::Logs::LogGroup')) {
    if (!props.KmsKeyId) continue;
    const group = stack.attribute(id, 'Arn').replace(/:\*$/, '');
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt'])
      add(
        { service: `logs.${REGION}.amazonaws.com` },
        {
          action,
          resource: String(props.KmsKeyId),
          context: { 'kms:EncryptionContext:aws:logs:arn': group },
          via: 'CloudWatch Logs (group encryption)',
        },
      );
  }
  // CloudTrail encrypts log files with the trail's key, naming the trail in the encryption context.
  for (const { stack, id, props } of model.resourcesOfType('AWS::CloudTrail::Trail')) {
    if (!props.KMSKeyId) continue;
    const trail = `arn:${PARTITION}:cloudtrail:${REGION}:${ACCOUNT}:trail/${stack.physicalName(id)}`;
    const context = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': trail };
    add(
      { service: 'cloudtrail.amazonaws.com' },
      { action: 'kms:DescribeKey', resource: String(props.KMSKeyId), context, via: 'CloudTrail log files' },
    );
    add(
      { service: 'cloudtrail.amazonaws.com' },
      {
        action: 'kms:GenerateDataKey',
        resource: String(props.KMSKeyId),
        context: { ...context, 'kms:EncryptionContext:aws:cloudtrail:arn': trail },
        via: 'CloudTrail log files (SSE-KMS)',
      },
    );
  }
  // S3 invokes notification targets as s3.amazonaws.com.
  for (const { props } of model.resourcesOfType('Custom::S3BucketNotifications')) {
    const bucket = String(props.BucketName);
    const config = props.NotificationConfiguration as {
      LambdaFunctionConfigurations?: { LambdaFunctionArn: string }[];
    };
    for (const target of config.LambdaFunctionConfigurations ?? [])
      add(
        { service: 's3.amazonaws.com' },
        {
          action: 'lambda:InvokeFunction',
          resource: target.LambdaFunctionArn,
          context: { 'aws:SourceArn': `arn:${PARTITION}:s3:::${bucket}`, 'aws:SourceAccount': ACCOUNT },
          via: 'S3 event notification',
        },
      );
  }
  // SageMaker, with the endpoint's execution role: pulls the image, loads each TargetModel invoked.
  for (const { props } of model.resourcesOfType('AWS::SageMaker::Model')) {
    const role = asRole(String(props.ExecutionRoleArn));
    const container = props.PrimaryContainer as { Image: string; ModelDataUrl: string };
    const endpointName = String(
      model.resourcesOfType('AWS::SageMaker::Endpoint').map((e) => e.props.EndpointName)[0] ?? 'endpoint',
    );
    const via = 'SageMaker endpoint (execution role)';
    const [registry, path] = container.Image.split('/', 2) as [string, string];
    const repository = path.split(':')[0];
    add(role, { action: 'ecr:GetAuthorizationToken', resource: '*', via: `${via}: image pull` });
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'])
      add(role, {
        action,
        resource: `arn:${PARTITION}:ecr:${REGION}:${registry.split('.')[0]}:repository/${repository}`,
        via: `${via}: image pull`,
      });
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents'])
      add(role, {
        action,
        resource: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/${endpointName}:log-stream:AllTraffic/i-1`,
        via: `${via}: container logs`,
      });
    add(role, {
      action: 'cloudwatch:PutMetricData',
      resource: '*',
      context: { 'cloudwatch:namespace': '/aws/sagemaker/Endpoints' },
      via: `${via}: instance metrics`,
    });
    const targets = new Set(
      calls.filter((c) => c.command === 'InvokeEndpoint').map((c) => String(c.input.TargetModel)),
    );
    for (const target of targets) {
      const object = s3Object(`${container.ModelDataUrl}${target}`);
      add(role, { action: 's3:GetObject', resource: object, via: `${via}: load TargetModel` });
      const key = model.encryptionKeyOf(object);
      if (key) add(role, { action: 'kms:Decrypt', resource: key, via: `${via}: load TargetModel (SSE-KMS)` });
    }
  }
  // SageMaker Neo, with the role each compilation job names: reads the source, writes the output.
  for (const job of calls.filter((c) => c.command === 'CreateCompilationJob')) {
    const role = asRole(String(job.input.RoleArn));
    const input = (job.input.InputConfig as { S3Uri: string }).S3Uri;
    const output = job.input.OutputConfig as { S3OutputLocation: string; KmsKeyId?: string };
    const via = 'SageMaker Neo compilation job';
    add(role, { action: 's3:GetObject', resource: s3Object(input), via: `${via}: read source` });
    const sourceKey = model.encryptionKeyOf(s3Object(input));
    if (sourceKey) add(role, { action: 'kms:Decrypt', resource: sourceKey, via: `${via}: read source (SSE-KMS)` });
    add(role, {
      action: 's3:PutObject',
      resource: s3Object(`${output.S3OutputLocation}model.tar.gz`),
      via: `${via}: write output`,
    });
    const outputKey = output.KmsKeyId ?? model.encryptionKeyOf(s3Object(output.S3OutputLocation));
    if (outputKey)
      add(role, { action: 'kms:GenerateDataKey', resource: outputKey, via: `${via}: write output (SSE-KMS)` });
  }
  // CodeBuild, with the project's role: logs and the pipeline's artifacts.
  for (const { props } of model.resourcesOfType('AWS::CodeBuild::Project')) {
    const role = asRole(String(props.ServiceRole));
    const via = `CodeBuild ${String(props.Name)}`;
    const group = (props.LogsConfig as { CloudWatchLogs?: { GroupName?: string } } | undefined)?.CloudWatchLogs
      ?.GroupName;
    if (group)
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents'])
        add(role, {
          action,
          resource: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${group}:log-stream:build-1`,
          via: `${via}: build logs`,
        });
    for (const r of artifactRequests(model, String(props.EncryptionKey), via)) add(role, r);
  }
  // CodePipeline, with its role and each action's role.
  for (const { props } of model.resourcesOfType('AWS::CodePipeline::Pipeline')) {
    const role = asRole(String(props.RoleArn));
    const store = props.ArtifactStore as { EncryptionKey?: { Id: string } };
    const key = store.EncryptionKey?.Id ?? '';
    for (const r of artifactRequests(model, key, 'CodePipeline')) add(role, r);
    for (const stage of props.Stages as { Name: string; Actions: Record<string, unknown>[] }[])
      for (const action of stage.Actions) {
        const actionRole = String(action.RoleArn);
        const type = action.ActionTypeId as { Provider: string };
        const via = `CodePipeline ${stage.Name}/${String(action.Name)} (${type.Provider})`;
        add(role, { action: 'sts:AssumeRole', resource: actionRole, via });
        const config = action.Configuration as Record<string, string>;
        const assumed = asRole(actionRole);
        if (type.Provider === 'CodeBuild')
          for (const a of ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'])
            add(assumed, {
              action: a,
              resource: `arn:${PARTITION}:codebuild:${REGION}:${ACCOUNT}:project/${config.ProjectName}`,
              via,
            });
        if (type.Provider === 'CodeCommit') {
          for (const a of [
            'codecommit:GetBranch',
            'codecommit:GetCommit',
            'codecommit:UploadArchive',
            'codecommit:GetUploadArchiveStatus',
          ])
            add(assumed, {
              action: a,
              resource: `arn:${PARTITION}:codecommit:${REGION}:${ACCOUNT}:${config.RepositoryName}`,
              via,
            });
          for (const r of artifactRequests(model, key, via)) add(assumed, r);
        }
        if (type.Provider === 'CodeStarSourceConnection') {
          add(assumed, { action: 'codestar-connections:UseConnection', resource: config.ConnectionArn!, via });
          for (const r of artifactRequests(model, key, via)) add(assumed, r);
          // The connection action writes the source zip with an object ACL (CDK's action grants PutAcl for it).
          for (const r of artifactRequests(model, key, via).filter((r) => r.action === 's3:PutObject'))
            for (const action of ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'])
              add(assumed, { ...r, action, via: `${via}: artifact ACL` });
        }
      }
  }
  return out;
}

function artifactRequests(model: IamModel, key: string, via: string): IamRequest[] {
  const bucket = model
    .resourcesOfType('AWS::CodePipeline::Pipeline')
    .map((p) => (p.props.ArtifactStore as { Location: string }).Location)[0];
  if (!bucket) return [];
  const object = `arn:${PARTITION}:s3:::${bucket}/model-release/Source/artifact.zip`;
  return [
    { action: 's3:GetObject', resource: object, via: `${via}: artifacts` },
    { action: 's3:PutObject', resource: object, via: `${via}: artifacts` },
    ...(key
      ? [
          { action: 'kms:Decrypt', resource: key, via: `${via}: artifacts (SSE-KMS)` },
          { action: 'kms:GenerateDataKey', resource: key, via: `${via}: artifacts (SSE-KMS)` },
        ]
      : []),
  ];
}
