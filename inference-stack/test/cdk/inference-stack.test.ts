// Template tests: each control of the inference stack, against one synthesized app.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildTestApp, TWO_MODELS } from './test-app.ts';

const built = buildTestApp({
  manifestText: TWO_MODELS,
  context: { mlrelease: { workerMemoryMb: 1536, workerReservedConcurrency: 7 } },
});
const template = Template.fromStack(built.inference);
const resources = (type: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation properties are untyped JSON
  Object.values(template.findResources(type)) as { Properties: Record<string, any> }[];
const ref = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
/** The mirror lane's queue keeps messages an hour: how the tests tell it from the request lanes. */
const MIRROR_QUEUE_RETENTION = 3600;
const logicalId = (type: string, props: Record<string, unknown>) => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('API Gateway', () => {
  it('authenticates result reads with a Cognito user-pool authorizer', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
    });
  });

  it('checks the invoke role on model routes with a Lambda token authorizer over the same Cognito tokens', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'TOKEN', AuthorizerResultTtlInSeconds: 300 });
    template.resourcePropertiesCountIs(
      'AWS::ApiGateway::Method',
      { HttpMethod: 'POST', AuthorizationType: 'CUSTOM' },
      2,
    );
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'CUSTOM',
      ApiKeyRequired: true,
    });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JWT_ISSUER: Match.anyValue(),
          JWT_JWKS_URL: Match.anyValue(),
          JWT_AUDIENCE: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: 'mlrelease-authorizer',
        }),
      },
    });
  });

  it('serves submit at /v1/models/{model}/predictions and invoke at /v1/models/{model}/invoke', () => {
    const paths = Object.values(template.findResources('AWS::ApiGateway::Resource')).map(
      (r) => (r as { Properties: { PathPart: string } }).Properties.PathPart,
    );
    expect(paths.sort()).toEqual(['invoke', 'models', 'predictions', 'predictions', 'v1', '{id}', '{model}'].sort());
  });

  it('points submit and invoke at the model catalog the controller publishes in the state bucket', () => {
    const withCatalog = resources('AWS::Lambda::Function').filter(
      (f) => f.Properties.Environment?.Variables?.CATALOG_KEY,
    );
    expect(withCatalog.map((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual([
      'mlrelease-invokeSync',
      'mlrelease-submit',
    ]);
    expect(withCatalog[0]!.Properties.Environment.Variables.CATALOG_KEY).toBe('state/catalog.json');
    expect(JSON.stringify(resources('AWS::IAM::Policy'))).toContain('/state/catalog.json');
  });

  it('tells submit which lanes exist, so a request for another lane is refused instead of never served', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'mlrelease-submit', LANES: 'standard,priority' }),
      },
    });
  });

  it('throttles the stage and meters clients with a usage plan', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })]),
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 100, BurstLimit: 200 },
      Quota: { Limit: 100000, Period: 'DAY' },
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  it('keeps no stage cache, so a result read never answers an old `pending`', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: false });
  });

  it('passes environment settings as stage variables', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      Variables: { environment: 'prod', resultsPrefix: 'results/' },
    });
  });

  it('writes JSON access logs, traces with X-Ray and logs execution through the account CloudWatch role', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: Match.arrayWith([Match.objectLike({ LoggingLevel: 'INFO', MetricsEnabled: true })]),
    });
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
  });

  it('sits behind a logged WAF web ACL with managed rules and a per-IP rate limit', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
        Match.objectLike({ Name: 'rate-limit-per-ip' }),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });
});

describe('CloudTrail', () => {
  it('records management events and S3 data events on the data bucket', () => {
    const data = logicalId('AWS::S3::Bucket', { LifecycleConfiguration: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsLogging: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      EventSelectors: [
        { IncludeManagementEvents: true, ReadWriteType: 'All' },
        {
          ReadWriteType: 'All',
          DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [ref(data), '/']] }] }],
        },
      ],
    });
  });
});

describe('data bucket', () => {
  const props = () => resources('AWS::S3::Bucket').find((b) => b.Properties.LifecycleConfiguration)!.Properties;

  it('encrypts with a customer-managed KMS key, blocks public access, versions and logs access', () => {
    expect(props().BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^KeysData/), 'Arn'] },
    });
    expect(props().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props().VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props().LoggingConfiguration).toMatchObject({ DestinationBucketName: expect.anything() });
  });

  it('expires requests/ after the configured days and moves results/ to Intelligent-Tiering', () => {
    const rules = props().LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'requests/', ExpirationInDays: 7, Status: 'Enabled' }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'results/',
        Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 }],
      }),
    );
  });

  it('expires mirrored pairs (mirror/) after 30 days', () => {
    expect(props().LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'mirror/', ExpirationInDays: 30, Status: 'Enabled' }),
    );
  });

  it('denies every request that does not use TLS', () => {
    const data = logicalId('AWS::S3::Bucket', { LifecycleConfiguration: Match.anyValue() });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: data },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('topics and lanes', () => {
  const kmsOf = (type: string, prop: string) => new Set(resources(type).map((r) => JSON.stringify(r.Properties[prop])));

  it('encrypts SNS and SQS with two different customer-managed keys', () => {
    const snsKeys = kmsOf('AWS::SNS::Topic', 'KmsMasterKeyId');
    const sqsKeys = kmsOf('AWS::SQS::Queue', 'KmsMasterKeyId');
    expect(snsKeys.size).toBe(1);
    expect(sqsKeys.size).toBe(1);
    expect([...snsKeys][0]).not.toEqual([...sqsKeys][0]);
    expect([...snsKeys][0]).toContain('Fn::GetAtt');
  });

  it('routes each lane by the lane message attribute', () => {
    for (const lane of ['standard', 'priority'])
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sqs',
        RawMessageDelivery: true,
        FilterPolicy: { lane: [lane] },
      });
  });

  it('long-polls for 20 s and dead-letters a message after 5 receives', () => {
    // The mirror lane (shadow releases) is drained by its own function: see 'shadow releases'.
    const lanes = resources('AWS::SQS::Queue').filter(
      (q) => q.Properties.RedrivePolicy && q.Properties.MessageRetentionPeriod !== MIRROR_QUEUE_RETENTION,
    );
    expect(lanes).toHaveLength(2);
    for (const lane of lanes) {
      expect(lane.Properties.ReceiveMessageWaitTimeSeconds).toBe(20);
      expect(lane.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      expect(lane.Properties.VisibilityTimeout).toBe(180);
    }
  });

  it('alarms on dead-letter depth and on the age of the oldest message per lane', () => {
    for (const lane of ['standard', 'priority']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `mlrelease-lane-${lane}-dlq-depth`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        AlarmActions: Match.anyValue(),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `mlrelease-lane-${lane}-oldest-message-age`,
        MetricName: 'ApproximateAgeOfOldestMessage',
      });
    }
  });
});

describe('Lambda functions', () => {
  const worker = () =>
    resources('AWS::Lambda::Function').find(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'mlrelease-worker',
    )!;

  it('sizes the worker from config with reserved concurrency and X-Ray', () => {
    expect(worker().Properties).toMatchObject({
      MemorySize: 1536,
      ReservedConcurrentExecutions: 7,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('gives the worker the environment the handler reads', () => {
    expect(Object.keys(worker().Properties.Environment.Variables).sort()).toEqual([
      'DATA_BUCKET',
      'ENDPOINT_NAME',
      'MAX_RECEIVE_COUNT',
      'METRICS_NAMESPACE',
      'MIRROR_BUCKET',
      'MIRROR_PREFIX',
      'POWERTOOLS_SERVICE_NAME',
      'REQUESTS_PREFIX',
      'RESULTS_PREFIX',
      'RESULTS_TOPIC_ARN',
      'ROUTE_TABLE_BUCKET',
      'ROUTE_TABLE_KEY',
      'VARIANT_ENDPOINT_NAME',
    ]);
    expect(worker().Properties.Environment.Variables).toMatchObject({
      ENDPOINT_NAME: 'test-mme',
      // The lanes' redrive maxReceiveCount: the worker's last allowed receive emits DeadLettered.
      MAX_RECEIVE_COUNT: '5',
      METRICS_NAMESPACE: 'ModelRelease',
      REQUESTS_PREFIX: 'requests/',
      RESULTS_PREFIX: 'results/',
      ROUTE_TABLE_KEY: 'routes.json',
    });
  });

  it('drains every lane in batches, reporting partial batch failures', () => {
    const mirrorQueue = logicalId('AWS::SQS::Queue', { MessageRetentionPeriod: MIRROR_QUEUE_RETENTION });
    const mappings = resources('AWS::Lambda::EventSourceMapping').filter(
      (m) => m.Properties.EventSourceArn['Fn::GetAtt'][0] !== mirrorQueue,
    );
    expect(mappings).toHaveLength(2);
    for (const m of mappings)
      expect(m.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumBatchingWindowInSeconds: 1,
        BatchSize: 10,
      });
  });

  it('sends S3 events the publisher cannot forward to an on-failure destination', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('traces every function and keeps its logs in a KMS-encrypted group', () => {
    const functions = resources('AWS::Lambda::Function').filter(
      (f) => f.Properties.Environment?.Variables?.METRICS_NAMESPACE,
    );
    expect(functions).toHaveLength(8);
    for (const f of functions) {
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(f.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: expect.anything() });
    }
    for (const group of resources('AWS::Logs::LogGroup')) expect(group.Properties.KmsKeyId).toBeDefined();
  });
});

describe('SageMaker multi-model endpoint', () => {
  it('serves models from the models/ prefix in MultiModel mode', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      PrimaryContainer: Match.objectLike({ Mode: 'MultiModel', ModelDataUrl: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: Match.anyValue(),
      ProductionVariants: [
        Match.objectLike({ InstanceType: 'ml.c5.large', InitialInstanceCount: 1, VariantName: 'AllTraffic' }),
      ],
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'test-mme' });
  });

  it("runs this project's serving container, staged as a Docker image asset and built only at deploy", () => {
    const image = resources('AWS::SageMaker::Model')[0]!.Properties.PrimaryContainer.Image;
    expect(image['Fn::Sub']).toMatch(/container-assets-\$\{AWS::AccountId\}-\$\{AWS::Region\}:([0-9a-f]{64})$/);
    const hash = /:([0-9a-f]{64})$/.exec(image['Fn::Sub'])?.[1] ?? '';
    const assembly = built.app.synth();
    const manifest = JSON.parse(
      readFileSync(join(assembly.directory, `${built.inference.artifactId}.assets.json`), 'utf8'),
    ) as { dockerImages: Record<string, { source: { directory: string; dockerFile: string; platform: string } }> };
    const asset = manifest.dockerImages[hash]?.source;
    expect(asset).toMatchObject({ dockerFile: 'inference-stack/src/serving/Dockerfile', platform: 'linux/amd64' });
    // Only what the image build copies is staged: no node_modules, state dirs or tests.
    const staged = readdirSync(join(assembly.directory, asset!.directory), { recursive: true }).map(String);
    expect(staged).toContain(join('inference-stack', 'src', 'serving', 'model-server.ts'));
    expect(staged.filter((f) => /node_modules|\.mlrelease|\.test\.ts$|^local|^release-tools/.test(f))).toEqual([]);
  });

  it('scales instances on invocations per instance within models.yaml bounds', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'sagemaker',
      ResourceId: 'endpoint/test-mme/variant/AllTraffic',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      MinCapacity: 1,
      MaxCapacity: 3,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        TargetValue: 250,
      }),
    });
  });

  it('updates the variant blue/green, rolled back by the endpoint and stable-track alarms', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mlrelease-endpoint-test-mme-5xx',
      Namespace: 'AWS/SageMaker',
      MetricName: 'Invocation5XXErrors',
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: {
        BlueGreenUpdatePolicy: Match.objectLike({
          TrafficRoutingConfiguration: Match.objectLike({
            Type: 'CANARY',
            CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 },
          }),
        }),
        AutoRollbackConfiguration: {
          Alarms: [
            { AlarmName: 'mlrelease-endpoint-test-mme-5xx' },
            { AlarmName: 'mlrelease-endpoint-test-mme-p99-model-latency' },
            { AlarmName: 'mlrelease-fraud-detector-stable-error-rate' },
            { AlarmName: 'mlrelease-churn-scorer-stable-error-rate' },
            { AlarmName: 'mlrelease-fraud-detector-stable-p99-latency' },
            { AlarmName: 'mlrelease-churn-scorer-stable-p99-latency' },
          ],
        },
      },
    });
  });
});

describe('release controller', () => {
  it('reconciles on a schedule and when a gate alarm changes state', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ wildcard: 'mlrelease-*-candidate-*' }, { wildcard: 'mlrelease-*-stable-*' }] },
      },
    });
  });

  it('reads its state bucket and manifest key and publishes release events', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          STATE_BUCKET: Match.anyValue(),
          MANIFEST_KEY: 'desired/models.yaml',
          ROUTE_TABLE_BUCKET: Match.anyValue(),
          EVENTS_TOPIC_ARN: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: 'mlrelease-controller',
        }),
      },
    });
  });

  it('may read its own gate alarms and the extra alarms models.yaml names', () => {
    const alarmArn = (name: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':cloudwatch:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:alarm:${name}`,
        ],
      ],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'cloudwatch:DescribeAlarms',
            Resource: [alarmArn('mlrelease-*'), alarmArn('payments-api-5xx')],
          }),
        ]),
      },
    });
  });

  it('manages the Neo variant endpoint by name: its models and configs by prefix, passing only the endpoint role', () => {
    const controller = resources('AWS::Lambda::Function').find(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'mlrelease-controller',
    )!;
    expect(controller.Properties.Environment.Variables).toMatchObject({
      VARIANT_ENDPOINT_NAME: 'test-mme-variants',
      VARIANT_ROLE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^EndpointExecutionRole/), 'Arn'] },
      MODELS_S3_URI: { 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^DataBucket/) }, '/models/']] },
    });
    const statements = resources('AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement);
    const grantOf = (action: string) => statements.filter((st) => [st.Action].flat().includes(action));
    const arnTail = (st: { Resource: unknown }) =>
      [st.Resource].flat().map((r) => JSON.stringify(r).match(/:(endpoint|model|endpoint-config)\/[^"]*/)?.[0]);
    expect(grantOf('sagemaker:UpdateEndpoint').flatMap(arnTail)).toEqual([':endpoint/test-mme-variants']);
    expect(grantOf('sagemaker:CreateModel').flatMap(arnTail)).toEqual([
      ':model/test-mme-variants-*',
      ':endpoint-config/test-mme-variants-*',
    ]);
    expect(grantOf('iam:PassRole')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EndpointExecutionRole/), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    ]);
  });

  it('lets the worker, the sync API and the mirror function invoke the variant endpoint by TargetVariant', () => {
    const invokers = resources('AWS::Lambda::Function').filter((f) =>
      ['mlrelease-worker', 'mlrelease-invokeSync', 'mlrelease-mirror'].includes(
        f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
      ),
    );
    expect(invokers.map((f) => f.Properties.Environment.Variables.VARIANT_ENDPOINT_NAME)).toEqual([
      'test-mme-variants',
      'test-mme-variants',
      'test-mme-variants',
    ]);
    const invoke = resources('AWS::IAM::Policy')
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((st) => st.Action === 'sagemaker:InvokeEndpoint');
    expect(invoke.filter((st) => JSON.stringify(st.Resource).includes(':endpoint/test-mme-variants'))).toHaveLength(3);
  });

  it('subscribes no email unless one is configured', () => {
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });
});

describe('shadow releases', () => {
  const functionNamed = (service: string) =>
    resources('AWS::Lambda::Function').find(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === `mlrelease-${service}`,
    )!;
  const statementsOf = (service: string) => {
    const role = functionNamed(service).Properties.Role['Fn::GetAtt'][0];
    return resources('AWS::IAM::Policy')
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
  };
  const dataBucketId = () => logicalId('AWS::S3::Bucket', { LifecycleConfiguration: Match.anyValue() });

  it('tells the worker and the controller where mirrored pairs are: the data bucket, under mirror/', () => {
    for (const service of ['worker', 'controller'])
      expect(functionNamed(service).Properties.Environment.Variables, service).toMatchObject({
        MIRROR_BUCKET: { Ref: dataBucketId() },
        MIRROR_PREFIX: 'mirror/',
      });
  });

  it('lets the worker write pairs under mirror/ only', () => {
    const writes = statementsOf('worker').filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes.map((s) => s.Resource)).toContainEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [dataBucketId(), 'Arn'] }, '/mirror/*']],
    });
  });

  it('hands the synchronous path to a mirror function on an encrypted queue with a DLQ, two at once at most', () => {
    const queueId = logicalId('AWS::SQS::Queue', { MessageRetentionPeriod: MIRROR_QUEUE_RETENTION });
    const queue = template.findResources('AWS::SQS::Queue')[queueId]!.Properties;
    expect(queue).toMatchObject({ KmsMasterKeyId: expect.anything(), RedrivePolicy: { maxReceiveCount: 2 } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ref(queueId),
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(functionNamed('mirror').Properties.Environment.Variables).toMatchObject({
      MIRROR_BUCKET: { Ref: dataBucketId() },
      MIRROR_PREFIX: 'mirror/',
      MIRROR_MAX_AGE_MS: '300000',
    });
    expect(functionNamed('invokeSync').Properties.Environment.Variables).toMatchObject({
      MIRROR_QUEUE_URL: { Ref: queueId },
    });
    const sends = statementsOf('invokeSync').filter((s) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(sends.map((s) => s.Resource)).toEqual([ref(queueId)]);
    const writes = statementsOf('mirror').filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes.map((s) => s.Resource)).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [dataBucketId(), 'Arn'] }, '/mirror/*']] },
    ]);
  });

  it('lets the controller list the data bucket only under mirror/ and read the pairs there', () => {
    const statements = statementsOf('controller');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [dataBucketId(), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['mirror/*'] } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [dataBucketId(), 'Arn'] }, '/mirror/*']] },
      }),
    );
  });
});
