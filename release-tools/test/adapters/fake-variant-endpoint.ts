// An in-memory SageMaker endpoint, config and model store behind an aws-sdk-client-mock stub, with
// the behaviours the variant adapter relies on: an update or creation takes the endpoint through
// Updating/Creating (settle() finishes it), a second update meanwhile is refused, names are unique,
// a missing endpoint is a ValidationException "Could not find endpoint".
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  type EndpointStatus,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  type ProductionVariant,
  type SageMakerClientResolvedConfig,
  SageMakerServiceException,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import type { AwsStub } from 'aws-sdk-client-mock';

const invalid = (message: string) =>
  new SageMakerServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });

export interface FakeEndpoint {
  status: EndpointStatus;
  config: string;
  /** The config an update in progress moves to. */
  pending?: string;
  failureReason?: string;
}

export function fakeVariantEndpoints(m: AwsStub<ServiceInputTypes, ServiceOutputTypes, SageMakerClientResolvedConfig>) {
  const endpoints = new Map<string, FakeEndpoint>();
  const configs = new Map<string, ProductionVariant[]>();
  const models = new Map<string, { image: string; modelDataUrl: string }>();

  m.on(CreateModelCommand).callsFake(async (input) => {
    if (models.has(input.ModelName)) throw invalid(`Cannot create already existing model "${input.ModelName}".`);
    models.set(input.ModelName, {
      image: input.PrimaryContainer.Image,
      modelDataUrl: input.PrimaryContainer.ModelDataUrl,
    });
    return { ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${input.ModelName}` };
  });
  m.on(CreateEndpointConfigCommand).callsFake(async (input) => {
    if (configs.has(input.EndpointConfigName))
      throw invalid(`Cannot create already existing endpoint configuration "${input.EndpointConfigName}".`);
    for (const v of input.ProductionVariants)
      if (!models.has(v.ModelName)) throw invalid(`Could not find model "${v.ModelName}".`);
    configs.set(input.EndpointConfigName, input.ProductionVariants);
    return {
      EndpointConfigArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/${input.EndpointConfigName}`,
    };
  });
  m.on(DescribeEndpointConfigCommand).callsFake(async ({ EndpointConfigName }) => {
    const variants = configs.get(EndpointConfigName);
    if (!variants) throw invalid(`Could not find endpoint configuration "${EndpointConfigName}".`);
    return { EndpointConfigName, ProductionVariants: variants };
  });
  m.on(CreateEndpointCommand).callsFake(async ({ EndpointName, EndpointConfigName }) => {
    if (endpoints.has(EndpointName)) throw invalid(`Cannot create already existing endpoint "${EndpointName}".`);
    endpoints.set(EndpointName, { status: 'Creating', config: EndpointConfigName, pending: EndpointConfigName });
    return { EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${EndpointName}` };
  });
  m.on(UpdateEndpointCommand).callsFake(async ({ EndpointName, EndpointConfigName }) => {
    const e = endpoints.get(EndpointName);
    if (!e) throw invalid(`Could not find endpoint "${EndpointName}".`);
    if (e.status !== 'InService' && e.status !== 'Failed')
      throw invalid(
        `Cannot update in-progress endpoint "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${EndpointName}".`,
      );
    Object.assign(e, { status: 'Updating', pending: EndpointConfigName });
    return { EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${EndpointName}` };
  });
  m.on(DescribeEndpointCommand).callsFake(async ({ EndpointName }) => {
    const e = endpoints.get(EndpointName);
    if (!e) throw invalid(`Could not find endpoint "${EndpointName}".`);
    // While updating, the endpoint still serves (and describes) the variants of its old config.
    const serving = e.status === 'Creating' ? [] : (configs.get(e.config) ?? []);
    return {
      EndpointName,
      EndpointConfigName: e.config,
      EndpointStatus: e.status,
      ...(e.failureReason ? { FailureReason: e.failureReason } : {}),
      ProductionVariants: serving.map((v) => ({ VariantName: v.VariantName, CurrentWeight: 1 })),
    };
  });
  m.on(DeleteEndpointCommand).callsFake(async ({ EndpointName }) => {
    if (!endpoints.delete(EndpointName)) throw invalid(`Could not find endpoint "${EndpointName}".`);
    return {};
  });
  m.on(DeleteEndpointConfigCommand).callsFake(async ({ EndpointConfigName }) => {
    if (!configs.delete(EndpointConfigName))
      throw invalid(`Could not find endpoint configuration "${EndpointConfigName}".`);
    return {};
  });
  m.on(DeleteModelCommand).callsFake(async ({ ModelName }) => {
    if (!models.delete(ModelName)) throw invalid(`Could not find model "${ModelName}".`);
    return {};
  });
  // One page of at most MaxResults, the rest behind NextToken (an index), as SageMaker pages.
  const page = <T>(all: T[], max = 100, token?: string) => {
    const from = Number(token ?? 0);
    const next = from + max < all.length ? { NextToken: String(from + max) } : {};
    return { items: all.slice(from, from + max), ...next };
  };
  m.on(ListEndpointConfigsCommand).callsFake(async ({ NameContains = '', MaxResults, NextToken }) => {
    const { items, ...rest } = page(
      [...configs.keys()].filter((n) => n.includes(NameContains)),
      MaxResults,
      NextToken,
    );
    return { EndpointConfigs: items.map((EndpointConfigName) => ({ EndpointConfigName })), ...rest };
  });
  m.on(ListModelsCommand).callsFake(async ({ NameContains = '', MaxResults, NextToken }) => {
    const { items, ...rest } = page(
      [...models.keys()].filter((n) => n.includes(NameContains)),
      MaxResults,
      NextToken,
    );
    return { Models: items.map((ModelName) => ({ ModelName })), ...rest };
  });

  return {
    endpoints,
    configs,
    models,
    /** Finishes every creation or update in progress. */
    settle(): void {
      for (const e of endpoints.values())
        if (e.pending) Object.assign(e, { status: 'InService', config: e.pending, pending: undefined });
    },
    /** The variant names an endpoint serves now. */
    variantsOf(endpointName: string): string[] {
      const e = endpoints.get(endpointName);
      return e ? (configs.get(e.config) ?? []).map((v) => v.VariantName!) : [];
    },
  };
}
