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
  readonly workerReservedConcurrency: number;
  readonly workerBatchSize: number;
  readonly workerBatchingWindowSeconds: number;
  readonly lanes: readonly LaneConfig[];
  /** Days after which objects under `requests/` expire. */
  readonly requestRetentionDays: number;
  /** Days after which objects under `results/` move to Intelligent-Tiering. */
  readonly resultsTieringDays: number;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly resultCacheTtlSeconds: number;
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

export type SourceConfig =
  | { readonly kind: 'codecommit'; readonly repositoryName: string; readonly branch: string }
  | {
      readonly kind: 'codestar';
      readonly connectionArn: string;
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
  workerReservedConcurrency: 50,
  workerBatchSize: 10,
  workerBatchingWindowSeconds: 1,
  lanes: [
    { name: 'standard', maxAgeSeconds: 300 },
    { name: 'priority', maxAgeSeconds: 30 },
  ],
  requestRetentionDays: 7,
  resultsTieringDays: 0,
  apiThrottle: { rateLimit: 100, burstLimit: 200 },
  resultCacheTtlSeconds: 60,
  controllerSchedule: 'rate(1 minute)',
  pipeline: { source: { kind: 'codecommit', repositoryName: 'model-release', branch: 'main' }, requireApproval: true },
};

/** Overlays the `mlrelease` context object (if any) on the defaults. */
export function readInfraConfig(context: unknown): InfraConfig {
  if (context === undefined || context === null) return DEFAULT_CONFIG;
  if (typeof context !== 'object') throw new InfraConfigError('context "mlrelease" must be an object');
  const overrides = context as Partial<InfraConfig>;
  return {
    ...DEFAULT_CONFIG,
    ...overrides,
    pipeline: { ...DEFAULT_CONFIG.pipeline, ...(overrides.pipeline ?? {}) },
  };
}

export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}
