// An in-memory SageMaker Model Registry behind aws-sdk-client-mock, so the SageMaker adapter runs
// the same contract suite as the file adapter.
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  SageMakerServiceException,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';

export function sageMakerError(name: string, httpStatusCode = 400): SageMakerServiceException {
  return new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });
}

interface Package {
  ModelPackageArn: string;
  ModelPackageGroupName: string;
  ModelApprovalStatus: string;
  ApprovalDescription?: string;
  CustomerMetadataProperties: Record<string, string>;
}

export function fakeSageMakerRegistry() {
  const client = new SageMakerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(client);
  const groups = new Set<string>();
  const packages: Package[] = [];

  mock.on(DescribeModelPackageGroupCommand).callsFake(async (input) => {
    if (!groups.has(input.ModelPackageGroupName)) throw sageMakerError('ValidationException');
    return { ModelPackageGroupName: input.ModelPackageGroupName };
  });
  mock.on(CreateModelPackageGroupCommand).callsFake(async (input) => {
    groups.add(input.ModelPackageGroupName);
    return { ModelPackageGroupArn: `arn:group/${input.ModelPackageGroupName}` };
  });
  mock.on(ListModelPackageGroupsCommand).callsFake(async () => ({
    ModelPackageGroupSummaryList: [...groups].sort().map((ModelPackageGroupName) => ({ ModelPackageGroupName })),
  }));
  mock.on(CreateModelPackageCommand).callsFake(async (input) => {
    if (!groups.has(input.ModelPackageGroupName)) throw sageMakerError('ValidationException');
    const inGroup = packages.filter((p) => p.ModelPackageGroupName === input.ModelPackageGroupName);
    const ModelPackageArn = `arn:aws:sagemaker:eu-west-1:111122223333:model-package/${input.ModelPackageGroupName}/${inGroup.length + 1}`;
    packages.push({
      ModelPackageArn,
      ModelPackageGroupName: input.ModelPackageGroupName,
      ModelApprovalStatus: input.ModelApprovalStatus,
      CustomerMetadataProperties: input.CustomerMetadataProperties,
    });
    return { ModelPackageArn };
  });
  // One package per page, to exercise pagination.
  mock.on(ListModelPackagesCommand).callsFake(async (input) => {
    if (!groups.has(input.ModelPackageGroupName)) throw sageMakerError('ValidationException');
    const inGroup = packages.filter((p) => p.ModelPackageGroupName === input.ModelPackageGroupName);
    const index = Number(input.NextToken ?? 0);
    const page = inGroup.slice(index, index + 1);
    return {
      ModelPackageSummaryList: page.map((p) => ({ ModelPackageArn: p.ModelPackageArn })),
      NextToken: index + 1 < inGroup.length ? String(index + 1) : undefined,
    };
  });
  mock.on(DescribeModelPackageCommand).callsFake(async (input) => {
    const found = packages.find((p) => p.ModelPackageArn === input.ModelPackageName);
    if (!found) throw sageMakerError('ValidationException');
    return { ...found };
  });
  mock.on(UpdateModelPackageCommand).callsFake(async (input) => {
    const found = packages.find((p) => p.ModelPackageArn === input.ModelPackageArn)!;
    found.ModelApprovalStatus = input.ModelApprovalStatus;
    found.ApprovalDescription = input.ApprovalDescription;
    return { ModelPackageArn: found.ModelPackageArn };
  });
  return { client, mock, groups, packages };
}
