// The Lambda handlers behind the API routes, each with only the access its route needs.
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CATALOG_KEY, ROUTE_TABLE_KEY } from '../../../release-tools/src/domain/state-keys.ts';
import { IDEMPOTENCY_PREFIX, REQUESTS_PREFIX, RESULTS_PREFIX } from './data-bucket.ts';
import { handlerFunction } from './handler-function.ts';
import type { EndpointRef } from './multi-model-endpoint.ts';

const SYNC_NO_DLQ = 'Invoked synchronously by API Gateway; the caller receives the error.';

export interface ApiFunctionsProps {
  readonly bucket: IBucket;
  readonly stateBucket: IBucket;
  readonly endpointName: string;
  readonly endpointArn: string;
  /** Single-model (Neo) versions' endpoint, invoked by TargetVariant. @default none */
  readonly variantEndpoint?: EndpointRef;
  readonly logKey: IKey;
  /** Lane names the request topic fans out to; submit refuses any other. */
  readonly laneNames: readonly string[];
  /** Per function. @default none (see HandlerFunctionProps.reservedConcurrency) */
  readonly reservedConcurrency?: number;
}

export class ApiFunctions extends Construct {
  /** POST /v1/models/{model}/predictions: stores the request under requests/. */
  readonly submit: NodejsFunction;
  /** GET /v1/predictions/{id}: reads the result under results/. */
  readonly getPrediction: NodejsFunction;
  /** POST /v1/models/{model}/invoke: routes and invokes the endpoint synchronously. */
  readonly invokeSync: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const fn = (name: 'submit' | 'getPrediction' | 'invokeSync', environment: Record<string, string>) =>
      handlerFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: name,
        logKey: props.logKey,
        environment,
        ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrency: props.reservedConcurrency }),
        noDeadLetterReason: SYNC_NO_DLQ,
      });
    // The model catalog follows the desired models.yaml at run time (the controller publishes it).
    const catalog = { CATALOG_BUCKET: props.stateBucket.bucketName, CATALOG_KEY };
    // Submit and invoke read the route table: a model with no version serving is refused at the door.
    const routeTable = { ROUTE_TABLE_BUCKET: props.stateBucket.bucketName, ROUTE_TABLE_KEY };
    this.submit = fn('submit', {
      DATA_BUCKET: props.bucket.bucketName,
      REQUESTS_PREFIX,
      RESULTS_PREFIX,
      ...catalog,
      ...routeTable,
      IDEMPOTENCY_PREFIX,
      LANES: props.laneNames.join(','),
    });
    this.getPrediction = fn('getPrediction', { DATA_BUCKET: props.bucket.bucketName, REQUESTS_PREFIX, RESULTS_PREFIX });
    this.invokeSync = fn('invokeSync', {
      ...catalog,
      ENDPOINT_NAME: props.endpointName,
      ...(props.variantEndpoint ? { VARIANT_ENDPOINT_NAME: props.variantEndpoint.name } : {}),
      ...routeTable,
    });
    props.bucket.grantPut(this.submit, `${REQUESTS_PREFIX}*`);
    // Idempotency-Key: the first submit writes key -> id, a retry reads the winner's id.
    props.bucket.grantPut(this.submit, `${IDEMPOTENCY_PREFIX}*`);
    props.bucket.grantRead(this.submit, `${IDEMPOTENCY_PREFIX}*`);
    // A request without a result yet answers "pending", so the lookup reads both prefixes.
    props.bucket.grantRead(this.getPrediction, `${RESULTS_PREFIX}*`);
    props.bucket.grantRead(this.getPrediction, `${REQUESTS_PREFIX}*`);
    props.stateBucket.grantRead(this.invokeSync, ROUTE_TABLE_KEY);
    props.stateBucket.grantRead(this.invokeSync, CATALOG_KEY);
    props.stateBucket.grantRead(this.submit, CATALOG_KEY);
    props.stateBucket.grantRead(this.submit, ROUTE_TABLE_KEY);
    this.invokeSync.addToRolePolicy(
      new PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [props.endpointArn, ...(props.variantEndpoint ? [props.variantEndpoint.arn] : [])],
      }),
    );
  }
}
