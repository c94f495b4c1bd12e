// The REST API: submit, fetch a result, synchronous invoke. Access-logged, traced, throttled, metered.
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { ApiAuth } from './api-auth.ts';
import { ApiFirewall } from './api-firewall.ts';
import { ApiFunctions } from './api-functions.ts';
import { RESULTS_PREFIX } from './data-bucket.ts';
import type { EndpointRef } from './multi-model-endpoint.ts';

export const STAGE_NAME = 'api';

export interface InferenceApiProps {
  readonly envName: string;
  readonly bucket: IBucket;
  readonly stateBucket: IBucket;
  readonly endpointName: string;
  readonly endpointArn: string;
  /** Single-model (Neo) versions' endpoint, invoked by TargetVariant. @default none */
  readonly variantEndpoint?: EndpointRef;
  readonly logKey: IKey;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Lane names; submit refuses any other. */
  readonly laneNames: readonly string[];
  /** Per API function (submit, get, invoke). @default none */
  readonly reservedConcurrency?: number;
  /** For the role authorizer. @default none */
  readonly authorizerReservedConcurrency?: number;
}

export class InferenceApi extends Construct {
  readonly api: RestApi;
  readonly auth: ApiAuth;
  readonly functions: ApiFunctions;

  constructor(scope: Construct, id: string, props: InferenceApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      description: 'model-release inference API',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: STAGE_NAME,
        variables: { environment: props.envName, resultsPrefix: RESULTS_PREFIX },
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        metricsEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        // No stage cache: GET /v1/predictions/{id} (the only GET) answers `pending` until the result exists,
        // and API Gateway caches whatever the integration answered for the whole TTL (it ignores
        // Cache-Control from the integration), so a cache would hide a finished result for up to a TTL.
        cacheClusterEnabled: false,
        cachingEnabled: false,
      },
    });
    this.auth = new ApiAuth(this, 'Auth', {
      logKey: props.logKey,
      ...(props.authorizerReservedConcurrency === undefined
        ? {}
        : { reservedConcurrency: props.authorizerReservedConcurrency }),
    });
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // Reading a result needs an identity; model routes also need the `invoke` (or `admin`) role.
    const cognito = {
      authorizer: this.auth.cognitoAuthorizer,
      authorizationType: AuthorizationType.COGNITO,
      requestValidator: validator,
    };
    const role = {
      authorizer: this.auth.roleAuthorizer,
      authorizationType: AuthorizationType.CUSTOM,
      requestValidator: validator,
      requestParameters: { 'method.request.path.model': true },
    };

    this.functions = new ApiFunctions(this, 'Handlers', props);
    const { submit, getPrediction, invokeSync } = this.functions;

    const v1 = this.api.root.addResource('v1');
    v1.addResource('predictions')
      .addResource('{id}')
      .addMethod('GET', new LambdaIntegration(getPrediction), {
        ...cognito,
        requestParameters: { 'method.request.path.id': true },
      });
    const model = v1.addResource('models').addResource('{model}');
    const submitMethod = model.addResource('predictions').addMethod('POST', new LambdaIntegration(submit), role);
    const invokeMethod = model.addResource('invoke').addMethod('POST', new LambdaIntegration(invokeSync), {
      ...role,
      // Synchronous calls hold an endpoint instance: metered per client through the usage plan key.
      apiKeyRequired: true,
    });

    const plan = this.api.addUsagePlan('UsagePlan', {
      description: 'Per-client throttle and daily quota for synchronous invocations',
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      quota: { limit: 100_000, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    plan.addApiKey(this.api.addApiKey('DefaultKey', { description: 'model-release default client key' }));
    new ApiFirewall(this, 'Firewall', { stageArn: this.api.deploymentStage.stageArn, logKey: props.logKey });

    acknowledge(this.api.deploymentStage, [
      [
        'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
        'No stage cache on purpose: the only GET answers `pending` until a result exists, and a cache would serve that for its whole TTL.',
      ],
      [
        'HIPAA.Security-APIGWSSLEnabled',
        'Client certificates authenticate API Gateway to HTTP backends; every integration here is a Lambda invoked through IAM.',
      ],
    ]);
    for (const method of [submitMethod, invokeMethod])
      acknowledge(method, [
        [
          'AwsSolutions-COG4',
          'The Lambda authorizer verifies the same Cognito token and adds the role (invoke/admin) check.',
        ],
      ]);
    acknowledge(this.api, [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'AWS-managed policy is the documented way to let API Gateway write execution logs to CloudWatch.',
      ],
    ]);
  }
}
