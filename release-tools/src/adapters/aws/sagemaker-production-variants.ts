// ProductionVariants on SageMaker: one endpoint whose production variants are the Neo-compiled
// versions in use. Adding or removing a variant is a new EndpointConfig and a plain UpdateEndpoint:
// a blue/green DeploymentConfig cannot add or remove variants. Weights stay 1 on every variant: the
// router addresses each version by TargetVariant, which bypasses them. One update at a time: while
// the endpoint is Creating or Updating every call answers "not yet" and the controller asks again.
import { createHash } from 'node:crypto';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  type ProductionVariant,
  type SageMakerClient,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { variantResourcePrefix } from '../../domain/variant-name.ts';
import type {
  ProductionVariants,
  VariantRetention,
  VariantSpec,
  VariantState,
} from '../../ports/production-variants.ts';

export interface SageMakerProductionVariantsOptions {
  readonly client: SageMakerClient;
  /** The variant endpoint (VARIANT_ENDPOINT_NAME); the controller creates it with its first variant. */
  readonly endpointName: string;
  /** The role SageMaker serves each version with (the endpoint execution role): CreateModel passes it. */
  readonly roleArn: string;
  /** Where compiled archives live: `s3://<bucket>/models/`; a variant's ModelDataUrl is this + its key. */
  readonly modelsS3Uri: string;
  /** Encrypts the variants' storage volumes. @default none */
  readonly kmsKeyId?: string;
}

/** The endpoint cannot take variants (creation failed): an operator must delete it. */
export class VariantEndpointFailedError extends Error {
  override readonly name = 'VariantEndpointFailedError';
  constructor(
    readonly endpointName: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`variant endpoint ${endpointName} failed: ${reason}; delete it and the controller creates it again`, options);
  }
}

type Endpoint = DescribeEndpointCommandOutput;
const hash16 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export class SageMakerProductionVariants implements ProductionVariants {
  private readonly prefix: string;

  constructor(private readonly options: SageMakerProductionVariantsOptions) {
    this.prefix = variantResourcePrefix(options.endpointName);
  }

  async serve(variant: VariantSpec): Promise<VariantState> {
    const endpoint = await this.describe();
    const busy = this.busy(endpoint);
    if (busy) return { ready: false, why: busy };
    const current = endpoint ? await this.variantsOf(endpoint) : [];
    if (endpoint && (endpoint.ProductionVariants ?? []).some((v) => v.VariantName === variant.name))
      return { ready: true };
    const modelName = await this.createModel(variant);
    const wanted = [
      ...current.filter((v) => v.VariantName !== variant.name),
      {
        VariantName: variant.name,
        ModelName: modelName,
        InstanceType: variant.instanceType as ProductionVariant['InstanceType'],
        InitialInstanceCount: 1,
        InitialVariantWeight: 1,
      },
    ];
    const update = await this.apply(endpoint, wanted);
    if ('busy' in update) return { ready: false, why: update.busy };
    const failed = endpoint?.FailureReason ? `; its last update failed: ${endpoint.FailureReason}` : '';
    return { ready: false, why: `adding variant ${variant.name} to ${this.name} (${update.started}${failed})` };
  }

  async retainOnly(keep: ReadonlySet<string>): Promise<VariantRetention> {
    const endpoint = await this.describe();
    const busy = this.busy(endpoint);
    if (busy) return { removed: [], deferred: busy };
    if (!endpoint) {
      await this.deleteUnused([], undefined);
      return { removed: [] };
    }
    const current = await this.variantsOf(endpoint);
    const removed = current.filter((v) => !keep.has(v.VariantName!)).map((v) => v.VariantName!);
    if (removed.length === 0) {
      // Settled: what earlier updates left behind can go now that nothing refers to it.
      await this.deleteUnused(current, endpoint.EndpointConfigName);
      return { removed };
    }
    const kept = current.filter((v) => keep.has(v.VariantName!));
    // An endpoint needs at least one variant: with none left, the endpoint itself goes.
    if (kept.length === 0) await this.options.client.send(new DeleteEndpointCommand({ EndpointName: this.name }));
    else {
      const update = await this.apply(endpoint, kept);
      if ('busy' in update) return { removed: [], deferred: update.busy };
    }
    return { removed };
  }

  private get name(): string {
    return this.options.endpointName;
  }

  /** Why the endpoint cannot be changed now, if it cannot. */
  private busy(endpoint: Endpoint | undefined): string | undefined {
    const status = endpoint?.EndpointStatus;
    if (!endpoint || status === 'InService') return undefined;
    if (status === 'Failed')
      throw new VariantEndpointFailedError(this.name, endpoint.FailureReason ?? 'no reason given');
    return `variant endpoint ${this.name} is ${status}`;
  }

  private async describe(): Promise<Endpoint | undefined> {
    try {
      return await this.options.client.send(new DescribeEndpointCommand({ EndpointName: this.name }));
    } catch (error) {
      // SageMaker answers a missing endpoint with ValidationException "Could not find endpoint".
      if ((error as Error).name === 'ValidationException' && /could not find/i.test((error as Error).message))
        return undefined;
      throw error;
    }
  }

  private async variantsOf(endpoint: Endpoint): Promise<ProductionVariant[]> {
    const config = await this.options.client.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName! }),
    );
    return (config.ProductionVariants ?? []).map((v) => ({
      VariantName: v.VariantName!,
      ModelName: v.ModelName!,
      InstanceType: v.InstanceType!,
      InitialInstanceCount: v.InitialInstanceCount ?? 1,
      InitialVariantWeight: v.InitialVariantWeight ?? 1,
    }));
  }

  private async createModel(variant: VariantSpec): Promise<string> {
    const modelDataUrl = `${this.options.modelsS3Uri.replace(/\/?$/, '/')}${variant.targetModel}`;
    const modelName = `${this.prefix}${hash16(JSON.stringify([variant.name, variant.image, modelDataUrl]))}`;
    await this.idempotent(
      new CreateModelCommand({
        ModelName: modelName,
        ExecutionRoleArn: this.options.roleArn,
        EnableNetworkIsolation: true,
        PrimaryContainer: { Image: variant.image, ModelDataUrl: modelDataUrl },
      }),
    );
    return modelName;
  }

  /** Puts the endpoint on a config of exactly `variants` (content-named, so a retry reuses it). */
  private async apply(
    endpoint: Endpoint | undefined,
    variants: ProductionVariant[],
  ): Promise<{ readonly started: string } | { readonly busy: string }> {
    const configName = `${this.prefix}${hash16(JSON.stringify([variants, this.options.kmsKeyId ?? '']))}`;
    await this.idempotent(
      new CreateEndpointConfigCommand({
        EndpointConfigName: configName,
        ProductionVariants: variants,
        ...(this.options.kmsKeyId ? { KmsKeyId: this.options.kmsKeyId } : {}),
      }),
    );
    const input = { EndpointName: this.name, EndpointConfigName: configName };
    try {
      await this.options.client.send(endpoint ? new UpdateEndpointCommand(input) : new CreateEndpointCommand(input));
    } catch (error) {
      // Another controller run started an update (or created the endpoint) first: wait for the next turn.
      if (isInProgress(error) || isAlreadyExisting(error)) return { busy: (error as Error).message };
      throw error;
    }
    return { started: `${endpoint ? 'UpdateEndpoint' : 'CreateEndpoint'} to ${configName}` };
  }

  /** Deletes this endpoint's own configs and models that the current config no longer names. */
  private async deleteUnused(current: readonly ProductionVariant[], currentConfig: string | undefined) {
    const models = new Set(current.map((v) => v.ModelName));
    for (const name of await this.listOwn('configs'))
      if (name !== currentConfig)
        await this.gone(this.options.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name })));
    for (const name of await this.listOwn('models'))
      if (!models.has(name)) await this.gone(this.options.client.send(new DeleteModelCommand({ ModelName: name })));
  }

  private async listOwn(what: 'configs' | 'models'): Promise<string[]> {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const input = { NameContains: this.prefix.slice(0, -1), MaxResults: 100, ...(NextToken ? { NextToken } : {}) };
      if (what === 'configs') {
        const page = await this.options.client.send(new ListEndpointConfigsCommand(input));
        names.push(...(page.EndpointConfigs ?? []).map((c) => c.EndpointConfigName!));
        NextToken = page.NextToken;
      } else {
        const page = await this.options.client.send(new ListModelsCommand(input));
        names.push(...(page.Models ?? []).map((m) => m.ModelName!));
        NextToken = page.NextToken;
      }
    } while (NextToken);
    // NameContains matches anywhere: only names this endpoint made (prefix + 16 hex) are its own.
    return names.filter((n) => n.startsWith(this.prefix) && /^[0-9a-f]{16}$/.test(n.slice(this.prefix.length)));
  }

  /** Creates, or finds it made by an earlier run (names are content hashes: same name, same thing). */
  private async idempotent(command: CreateModelCommand | CreateEndpointConfigCommand): Promise<void> {
    try {
      await this.options.client.send(command as CreateModelCommand);
    } catch (error) {
      if (!isAlreadyExisting(error)) throw error;
    }
  }

  private async gone(deleting: Promise<unknown>): Promise<void> {
    // Deleted meanwhile by another run: the goal is reached.
    await deleting.catch((error: Error) => {
      if (!(error.name === 'ValidationException' && /could not find/i.test(error.message))) throw error;
    });
  }
}

// SageMaker answers both as ValidationException; only the message tells them apart.
const isAlreadyExisting = (error: unknown) =>
  (error as Error).name === 'ValidationException' && /already exist/i.test((error as Error).message);
const isInProgress = (error: unknown) =>
  (error as Error).name === 'ValidationException' &&
  /in-progress|in progress|cannot update/i.test((error as Error).message);
