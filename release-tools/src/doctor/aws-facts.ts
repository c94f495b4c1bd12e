// What `doctor --aws` reads from the account, each read kept with its own failure so one denied call
// does not hide the others. Produced by read-aws-facts.ts, judged by judge-aws-prerequisites.ts.

/** A read that worked, or the error AWS (or the SDK) answered, by name. */
export type Probe<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProbeError };

export interface ProbeError {
  /** The error's name, e.g. `AccessDeniedException`, `CredentialsProviderError`. */
  readonly code: string;
  readonly message: string;
}

export interface StackFact {
  readonly name: string;
  /** CloudFormation's StackStatus, e.g. `CREATE_COMPLETE`, `ROLLBACK_COMPLETE`. */
  readonly status: string;
  readonly statusReason?: string;
  readonly outputs: Readonly<Record<string, string>>;
}

export interface QuotaFact {
  readonly name: string;
  readonly code: string;
  readonly value: number;
  /** The value is AWS's default (the account has no applied value). */
  readonly isDefault: boolean;
}

export interface ConnectionFact {
  readonly arn: string;
  readonly name: string;
  /** PENDING until a person completes the handshake in the console; AVAILABLE; ERROR. */
  readonly status: string;
}

export interface EndpointFact {
  readonly name: string;
  readonly status: string;
  readonly failureReason?: string;
}

export interface AwsFacts {
  readonly region: string | undefined;
  readonly identity: Probe<{ readonly account: string; readonly arn: string }>;
  /** `undefined` value: the stack does not exist. */
  readonly toolkit: Probe<StackFact | undefined>;
  readonly inferenceStack: Probe<StackFact | undefined>;
  readonly pipelineStack: Probe<StackFact | undefined>;
  /** Absent when no connection ARN is known (CodeCommit source, or pipeline not deployed and none configured). */
  readonly connection?: Probe<ConnectionFact>;
  readonly lambdaConcurrency: Probe<QuotaFact>;
  /** `undefined` value: no quota of that name (the instance type is not offered for endpoints in this region). */
  readonly endpointInstances: Probe<QuotaFact | undefined>;
  /** `undefined` value: no endpoint of that name. */
  readonly endpoint: Probe<EndpointFact | undefined>;
}

/** What this repository's configuration needs from the account (models.yaml and cdk.json). */
export interface AwsNeeds {
  readonly toolkitStackName: string;
  readonly minBootstrapVersion: number;
  readonly inferenceStackName: string;
  readonly pipelineStackName: string;
  readonly endpointName: string;
  readonly instanceType: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Lambda concurrency the stack reserves in all (cdk.json `mlrelease.reservedConcurrency`). */
  readonly reservedConcurrency: number;
  readonly source: { readonly kind: 'codestar'; readonly connectionArn?: string } | { readonly kind: 'codecommit' };
}
