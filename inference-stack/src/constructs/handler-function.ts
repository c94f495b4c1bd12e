// NodejsFunction with the house defaults: esbuild bundle (local, never Docker), X-Ray, JSON logs into a
// KMS-encrypted log group, reserved concurrency.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../../release-tools/src/domain/metric-contract.ts';
import { LAMBDA_ENTRIES, type LambdaEntry, PROJECT_ROOT } from '../stack/lambda-entries.ts';
import { acknowledge, NO_VPC_REASON } from './acknowledge.ts';

export interface HandlerFunctionProps {
  readonly entry: LambdaEntry;
  readonly logKey: IKey;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 256 */
  readonly memoryMb?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /**
   * Reserves (and caps) this function's share of the account's concurrency pool.
   * @default none: a new account's Lambda quota may be too small to reserve anything (see infra-config.ts)
   */
  readonly reservedConcurrency?: number;
  /** Receives asynchronous invocations that failed every retry. */
  readonly deadLetterQueue?: IQueue;
  /** Why failed asynchronous invocations need no dead-letter queue (sync callers see the error). */
  readonly noDeadLetterReason?: string;
}

export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    encryptionKey: props.logKey,
    retention: RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const fn = new NodejsFunction(scope, id, {
    entry: LAMBDA_ENTRIES[props.entry],
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
    handler: 'handler',
    runtime: LAMBDA_RUNTIME,
    architecture: Architecture.ARM_64,
    memorySize: props.memoryMb ?? 256,
    timeout: props.timeout ?? Duration.seconds(10),
    ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
    tracing: Tracing.ACTIVE,
    logGroup,
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
    loggingFormat: LoggingFormat.JSON,
    environment: { METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME: `mlrelease-${props.entry}`, ...props.environment },
    bundling: {
      logLevel: LogLevel.ERROR,
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      target: 'node20',
      mainFields: ['module', 'main'],
      // ESM bundles still meet CommonJS dependencies that call require().
      banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
      // The runtime ships AWS SDK v3; bundling it would only grow cold starts.
      externalModules: ['@aws-sdk/*'],
    },
  });
  acknowledge(fn, [
    ['HIPAA.Security-LambdaInsideVPC', NO_VPC_REASON],
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Grants only logs:CreateLogGroup/CreateLogStream/PutLogEvents, which every function needs to log.',
    ],
    [
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
    ],
  ]);
  if (props.reservedConcurrency === undefined)
    acknowledge(fn, [
      [
        'HIPAA.Security-LambdaConcurrency',
        'Reserved concurrency is opt-in (context mlrelease.reservedConcurrency): a new account has too small a Lambda quota to reserve any.',
      ],
    ]);
  if (props.noDeadLetterReason) acknowledge(fn, [['HIPAA.Security-LambdaDLQ', props.noDeadLetterReason]]);
  return fn;
}
