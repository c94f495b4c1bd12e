// ModelRegistry on the SageMaker Model Registry: one model package group per model, one versioned
// model package per registered version, lineage in CustomerMetadataProperties.
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  type ListModelPackagesCommandOutput,
  type ProductionVariantInstanceType,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { checkModelVersion } from '../../domain/artifact-key.ts';
import type { ArtifactRef } from '../../ports/artifact-store.ts';
import {
  type ApprovalChange,
  type ApprovalStatus,
  type ModelRegistry,
  type NewRegistration,
  type Registration,
  RegistryConflictError,
  RegistryError,
  sortRegistrations,
  VersionNotRegisteredError,
} from '../../ports/model-registry.ts';
import { sha256Hex } from '../sha256.ts';
import { approvalDescription, fromDescribe, toCustomerMetadata } from './registration-metadata.ts';
import { errorName, type SageMakerClientProps, sageMakerClientOf } from './sagemaker-client.ts';

export type SageMakerModelRegistryProps = SageMakerClientProps & {
  /** Serving container image of the multi-model endpoint. */
  readonly inferenceImage: string;
  /** S3 URI of a stored artifact, for ModelDataUrl. */
  readonly artifactUriOf: (ref: ArtifactRef) => string;
  /** Endpoint instance type, recorded as the supported realtime instance type. */
  readonly instanceType: string;
};

export class SageMakerModelRegistry implements ModelRegistry {
  private readonly client;

  constructor(private readonly props: SageMakerModelRegistryProps) {
    this.client = sageMakerClientOf(props);
  }

  async register(entry: NewRegistration): Promise<Registration> {
    checkModelVersion(entry.model, entry.version);
    return this.call(`register ${entry.model}@${entry.version}`, async () => {
      await this.ensureGroup(entry.model);
      const existing = await this.get(entry.model, entry.version);
      if (existing) {
        if (existing.lineage.source.sha256 !== entry.lineage.source.sha256)
          throw new RegistryConflictError(entry.model, entry.version);
        return existing;
      }
      const created = await this.client.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: entry.model,
          ModelPackageDescription: `${entry.model} ${entry.version}`,
          InferenceSpecification: {
            Containers: [
              {
                // A Neo version is served by the image its compilation job named, not the MME's container.
                Image: entry.lineage.compileReport.inferenceImage ?? this.props.inferenceImage,
                ModelDataUrl: this.props.artifactUriOf(entry.lineage.compiled),
              },
            ],
            SupportedContentTypes: ['application/json'],
            SupportedResponseMIMETypes: ['application/json'],
            SupportedRealtimeInferenceInstanceTypes: [this.props.instanceType as ProductionVariantInstanceType],
          },
          ModelApprovalStatus: entry.approval ?? 'PendingManualApproval',
          ...(entry.lineage.sourceCommit ? { MetadataProperties: { CommitId: entry.lineage.sourceCommit } } : {}),
          CustomerMetadataProperties: toCustomerMetadata(entry),
          // Same version and bytes -> same token, so a retried call cannot create a second package.
          ClientToken: clientToken(entry),
        }),
      );
      return { ...entry, approval: entry.approval ?? 'PendingManualApproval', id: created.ModelPackageArn! };
    });
  }

  async get(model: string, version: string): Promise<Registration | undefined> {
    checkModelVersion(model, version);
    return (await this.versionsOf(model)).find((r) => r.version === version);
  }

  async list(model?: string): Promise<Registration[]> {
    const models = model ? [model] : await this.groups();
    const all: Registration[] = [];
    for (const name of models) all.push(...(await this.versionsOf(name)));
    return sortRegistrations(all);
  }

  async setApproval(model: string, version: string, status: ApprovalStatus, change: ApprovalChange) {
    const existing = await this.get(model, version);
    if (!existing) throw new VersionNotRegisteredError(model, version);
    const ApprovalDescription = approvalDescription(change);
    await this.call(`approve ${model}@${version}`, () =>
      this.client.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: existing.id,
          ModelApprovalStatus: status,
          ApprovalDescription,
        }),
      ),
    );
    return { ...existing, approval: status, approvalChange: change };
  }

  private async ensureGroup(model: string): Promise<void> {
    try {
      await this.client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: model }));
    } catch (error) {
      // SageMaker reports a missing group as a ValidationException.
      if (errorName(error) !== 'ValidationException') throw error;
      await this.client.send(
        new CreateModelPackageGroupCommand({
          ModelPackageGroupName: model,
          ModelPackageGroupDescription: `Versions of ${model}, registered by mlrelease`,
        }),
      );
    }
  }

  private async versionsOf(model: string): Promise<Registration[]> {
    return this.call(`list ${model}`, async () => {
      const found: Registration[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.listPage(model, NextToken);
        for (const summary of page.ModelPackageSummaryList ?? []) {
          const described = await this.client.send(
            new DescribeModelPackageCommand({ ModelPackageName: summary.ModelPackageArn }),
          );
          found.push(fromDescribe(described));
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    });
  }

  private async listPage(model: string, NextToken: string | undefined): Promise<ListModelPackagesCommandOutput> {
    try {
      return await this.client.send(
        new ListModelPackagesCommand({ ModelPackageGroupName: model, ModelPackageType: 'Versioned', NextToken }),
      );
    } catch (error) {
      // A model never registered has no group yet: no versions, not an error.
      if (errorName(error) === 'ValidationException' && !NextToken)
        return { ModelPackageSummaryList: [], $metadata: {} };
      throw error;
    }
  }

  private async groups(): Promise<string[]> {
    return this.call('list model package groups', async () => {
      const names: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.client.send(new ListModelPackageGroupsCommand({ NextToken }));
        names.push(...(page.ModelPackageGroupSummaryList ?? []).map((g) => g.ModelPackageGroupName!));
        NextToken = page.NextToken;
      } while (NextToken);
      return names;
    });
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof RegistryConflictError || error instanceof RegistryError) throw error;
      throw new RegistryError(`SageMaker Model Registry: ${what}: ${errorName(error)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

/** ClientToken allows [a-zA-Z0-9-]{1,36}; a hash of model, version and bytes fits and is stable. */
function clientToken(entry: NewRegistration): string {
  const text = `${entry.model}@${entry.version}@${entry.lineage.source.sha256}`;
  return `mlr-${sha256Hex(new TextEncoder().encode(text)).slice(0, 32)}`;
}
