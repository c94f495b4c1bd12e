// Deployment settings that are not model facts (those live in models.yaml). Read from CDK context
// (`cdk.json` or `-c key=value`), so the same app synthesizes for any environment without lookups.

export interface LaneConfig {
  /** Value of the `lane` message attribute this queue receives. */
  readonly name: string;
  /** Only these models reach the lane (SNS filter on the `model` attribute). @default - every model */
  readonly models?: readonly string[];
  /** Age of the oldest message, in seconds, that raises the lane's backlog alarm. */
  readonly maxAgeSeconds: number;
}

export interface InfraConfig {
  /** Short environment name, used in stage variables and resource names. */
  readonly envName: string;
  readonly workerMemoryMb: number;
  /**
   * Reserved concurrency per function, opt-in. Reserving takes from the account's Lambda quota, which
   * must keep 100 unreserved; a new account's quota can be as low as 10, so the default reserves none.
   * The API entry applies to each of submit, get-prediction and invoke.
   */
  readonly reservedConcurrency?: ReservedConcurrencyConfig;
  /** The account's Lambda concurrent-executions quota, checked against the reservations. @default 1000 */
  readonly lambdaConcurrencyQuota: number;
  /** @deprecated older name of `reservedConcurrency.worker`; still read. */
  readonly workerReservedConcurrency?: number;
  readonly workerBatchSize: number;
  readonly workerBatchingWindowSeconds: number;
  readonly lanes: readonly LaneConfig[];
  /** Days after which objects under `requests/` expire. */
  readonly requestRetentionDays: number;
  /** Days after which objects under `results/` move to Intelligent-Tiering. */
  readonly resultsTieringDays: number;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Subscribed to release events when set. */
  readonly notificationEmail?: string;
  /**
   * Inference container for the multi-model endpoint; `{region}` is replaced by the stack's region.
   * @default this project's serving container (inference-stack/src/serving), built at deploy as a Docker image asset
   */
  readonly containerImage?: string;
  readonly controllerSchedule: string;
  readonly pipeline: PipelineConfig;
}

export interface ReservedConcurrencyConfig {
  readonly worker?: number;
  readonly api?: number;
  readonly authorizer?: number;
  readonly publisher?: number;
  readonly controller?: number;
}

/** AWS keeps this much of the account quota unreserved. */
export const UNRESERVED_MINIMUM = 100;

/**
 * Where the pipeline reads models.yaml. The default is a GitHub repository through an AWS CodeConnections
 * (CodeStar) connection: CodeCommit is closed to new customers. Without `connectionArn` the stack creates
 * the connection, which a person then activates once in the console (Developer Tools > Connections).
 */
export type SourceConfig =
  | { readonly kind: 'codecommit'; readonly repositoryName: string; readonly branch: string }
  | {
      readonly kind: 'codestar';
      /** An existing connection (GitHub, GitLab, Bitbucket). @default - the stack creates a GitHub connection */
      readonly connectionArn?: string;
      readonly owner: string;
      readonly repo: string;
      readonly branch: string;
    };

export interface PipelineConfig {
  readonly source: SourceConfig;
  /** Put a manual approval before the release stage. */
  readonly requireApproval: boolean;
}

export const DEFAULT_CONFIG: InfraConfig = {
  envName: 'prod',
  workerMemoryMb: 1024,
  lambdaConcurrencyQuota: 1000,
  workerBatchSize: 10,
  workerBatchingWindowSeconds: 1,
  lanes: [
    { name: 'standard', maxAgeSeconds: 300 },
    { name: 'priority', maxAgeSeconds: 30 },
  ],
  requestRetentionDays: 7,
  resultsTieringDays: 0,
  apiThrottle: { rateLimit: 100, burstLimit: 200 },
  controllerSchedule: 'rate(1 minute)',
  pipeline: {
    // Set owner/repo (and connectionArn, if a connection exists) in cdk.json: context.mlrelease.pipeline.source.
    source: { kind: 'codestar', owner: 'your-github-org', repo: 'model-release', branch: 'main' },
    requireApproval: true,
  },
};

/** Overlays the `mlrelease` context object (if any) on the defaults. */
export function readInfraConfig(context: unknown): InfraConfig {
  if (context === undefined || context === null) return DEFAULT_CONFIG;
  if (typeof context !== 'object') throw new InfraConfigError('context "mlrelease" must be an object');
  const overrides = context as Partial<InfraConfig>;
  const reserved = {
    ...(overrides.workerReservedConcurrency === undefined ? {} : { worker: overrides.workerReservedConcurrency }),
    ...overrides.reservedConcurrency,
  };
  const config: InfraConfig = {
    ...DEFAULT_CONFIG,
    ...overrides,
    ...(Object.keys(reserved).length > 0 ? { reservedConcurrency: reserved } : {}),
    pipeline: { ...DEFAULT_CONFIG.pipeline, ...(overrides.pipeline ?? {}) },
  };
  const total = totalReservedConcurrency(config.reservedConcurrency);
  if (total > config.lambdaConcurrencyQuota - UNRESERVED_MINIMUM)
    throw new InfraConfigError(
      `reserved concurrency totals ${total}, but a Lambda quota of ${config.lambdaConcurrencyQuota} leaves at most ${config.lambdaConcurrencyQuota - UNRESERVED_MINIMUM} to reserve (AWS keeps ${UNRESERVED_MINIMUM} unreserved): lower mlrelease.reservedConcurrency or raise the quota and mlrelease.lambdaConcurrencyQuota`,
    );
  return config;
}

/** What the stack reserves in all: the API value counts once per API function (3). */
export function totalReservedConcurrency(reserved: ReservedConcurrencyConfig | undefined): number {
  if (!reserved) return 0;
  const { worker = 0, api = 0, authorizer = 0, publisher = 0, controller = 0 } = reserved;
  return worker + 3 * api + authorizer + publisher + controller;
}

export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}
