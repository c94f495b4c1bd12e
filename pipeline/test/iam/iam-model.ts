// The IAM facts of the synthesized app, resolved to concrete ARNs: each role's identity policies, the
// resource policies (bucket, key, queue, topic, Lambda permissions) and which KMS key encrypts what.
import { ACCOUNT, PARTITION, REGION, type StackResolver } from './cfn-resolver.ts';

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export interface RoleFacts {
  readonly stack: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** Who may assume it (service principals or role ARNs), from the trust policy. */
  readonly trustedBy: readonly string[];
  readonly identityPolicies: readonly { name: string; policy: PolicyDocument }[];
  readonly managedPolicies: readonly string[];
}

const asArray = <T>(value: T | readonly T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value as T];

export class IamModel {
  constructor(private readonly stacks: readonly StackResolver[]) {}

  roles(): RoleFacts[] {
    return this.stacks.flatMap((stack) => stack.ofType('AWS::IAM::Role').map((id) => this.role(stack, id)));
  }

  roleByArn(arn: string): RoleFacts {
    const role = this.roles().find((r) => r.arn === arn);
    if (!role) throw new Error(`no role ${arn} in the templates`);
    return role;
  }

  private role(stack: StackResolver, logicalId: string): RoleFacts {
    const props = stack.resolve(stack.resource(logicalId).Properties ?? {}) as Record<string, unknown>;
    const name = stack.physicalName(logicalId);
    const trust = props.AssumeRolePolicyDocument as PolicyDocument;
    const trustedBy = trust.Statement.flatMap((s) => {
      const principal = s.Principal as Record<string, unknown>;
      return [...asArray(principal.Service as string), ...asArray(principal.AWS as string)];
    });
    const inline = asArray(props.Policies as { PolicyName: string; PolicyDocument: PolicyDocument }[]).map((p) => ({
      name: p.PolicyName,
      policy: p.PolicyDocument,
    }));
    const attached = stack.ofType('AWS::IAM::Policy').flatMap((policyId) => {
      const policy = stack.resource(policyId).Properties as { Roles?: unknown[]; PolicyDocument: unknown };
      const roles = asArray(policy.Roles).map((r) => stack.resolve(r));
      return roles.includes(name)
        ? [{ name: policyId, policy: stack.resolve(policy.PolicyDocument) as PolicyDocument }]
        : [];
    });
    return {
      stack: stack.stackName,
      logicalId,
      name,
      arn: stack.arnOf(logicalId),
      trustedBy,
      identityPolicies: [...inline, ...attached],
      managedPolicies: asArray(props.ManagedPolicyArns as string[]),
    };
  }

  /** The resource-based policy AWS consults for a request on `arn`, if any. */
  resourcePolicy(arn: string): PolicyDocument | undefined {
    const [, , service] = arn.split(':');
    for (const stack of this.stacks) {
      const found = this.resourcePolicyIn(stack, service!, arn);
      if (found) return found;
    }
    return undefined;
  }

  private resourcePolicyIn(stack: StackResolver, service: string, arn: string): PolicyDocument | undefined {
    const props = (id: string) => stack.resolve(stack.resource(id).Properties ?? {}) as Record<string, unknown>;
    switch (service) {
      case 's3': {
        const bucket = arn.slice(`arn:${PARTITION}:s3:::`.length).split('/')[0];
        const id = stack.ofType('AWS::S3::BucketPolicy').find((p) => props(p).Bucket === bucket);
        return id ? (props(id).PolicyDocument as PolicyDocument) : undefined;
      }
      case 'kms': {
        const id = stack.ofType('AWS::KMS::Key').find((k) => stack.arnOf(k) === arn);
        return id ? (props(id).KeyPolicy as PolicyDocument) : undefined;
      }
      case 'sqs': {
        const url = this.queueUrlOf(arn);
        const id = stack.ofType('AWS::SQS::QueuePolicy').find((p) => asArray(props(p).Queues).includes(url));
        return id ? (props(id).PolicyDocument as PolicyDocument) : undefined;
      }
      case 'sns': {
        const id = stack.ofType('AWS::SNS::TopicPolicy').find((p) => asArray(props(p).Topics).includes(arn));
        return id ? (props(id).PolicyDocument as PolicyDocument) : undefined;
      }
      case 'ecr': {
        // Another account's repository (the AWS Deep Learning Containers registry): its owner's
        // repository policy lets every account pull. Assumed, not read: it is not in our templates.
        if (arn.split(':')[4] === ACCOUNT) return undefined;
        const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
        return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: pull, Resource: arn }] };
      }
      case 'lambda': {
        const statements = stack
          .ofType('AWS::Lambda::Permission')
          .map(props)
          .filter((p) => p.FunctionName === arn)
          .map((p) => ({
            Effect: 'Allow',
            Principal: { Service: p.Principal },
            Action: p.Action,
            Resource: arn,
            Condition: {
              ...(p.SourceArn ? { ArnLike: { 'aws:SourceArn': p.SourceArn } } : {}),
              ...(p.SourceAccount ? { StringEquals: { 'aws:SourceAccount': p.SourceAccount } } : {}),
            },
          }));
        return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
      }
      default:
        return undefined;
    }
  }

  private queueUrlOf(arn: string): string {
    const name = arn.split(':').at(-1);
    return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
  }

  /** The customer-managed key that encrypts a bucket, queue or topic (as a key ARN), if any. */
  encryptionKeyOf(arn: string): string | undefined {
    const [, , service] = arn.split(':');
    for (const stack of this.stacks) {
      const props = (id: string) => stack.resolve(stack.resource(id).Properties ?? {}) as Record<string, unknown>;
      const keyArn = (value: unknown) => {
        const text = String(value);
        if (text.startsWith('arn:')) return text;
        const id = stack.ofType('AWS::KMS::Key').find((k) => stack.ref(k) === text);
        return id ? stack.arnOf(id) : text;
      };
      if (service === 's3') {
        const bucket = arn.slice(`arn:${PARTITION}:s3:::`.length).split('/')[0];
        const id = stack.ofType('AWS::S3::Bucket').find((b) => stack.physicalName(b) === bucket);
        if (!id) continue;
        const rules = (props(id).BucketEncryption as { ServerSideEncryptionConfiguration?: unknown[] } | undefined)
          ?.ServerSideEncryptionConfiguration as
          | { ServerSideEncryptionByDefault?: { KMSMasterKeyID?: unknown } }[]
          | undefined;
        const key = rules?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
        return key === undefined ? undefined : keyArn(key);
      }
      const type = service === 'sqs' ? 'AWS::SQS::Queue' : service === 'sns' ? 'AWS::SNS::Topic' : undefined;
      if (!type) return undefined;
      const id = stack.ofType(type).find((q) => stack.arnOf(q) === arn);
      if (!id) continue;
      const key = props(id).KmsMasterKeyId;
      return key === undefined ? undefined : keyArn(key);
    }
    return undefined;
  }

  /** The Lambda function (logical id, resolved properties) whose POWERTOOLS_SERVICE_NAME is `service`. */
  functionByService(service: string): { arn: string; roleArn: string; environment: Record<string, string> } {
    for (const stack of this.stacks)
      for (const id of stack.ofType('AWS::Lambda::Function')) {
        const props = stack.resolve(stack.resource(id).Properties ?? {}) as {
          Role: string;
          Environment?: { Variables?: Record<string, string> };
        };
        const environment = props.Environment?.Variables ?? {};
        if (environment.POWERTOOLS_SERVICE_NAME === service)
          return { arn: stack.arnOf(id), roleArn: props.Role, environment };
      }
    throw new Error(`no function with POWERTOOLS_SERVICE_NAME=${service}`);
  }

  /** Resolved properties of every resource of a type, across the stacks. */
  resourcesOfType(type: string): { stack: StackResolver; id: string; props: Record<string, unknown> }[] {
    return this.stacks.flatMap((stack) =>
      stack.ofType(type).map((id) => ({
        stack,
        id,
        props: stack.resolve(stack.resource(id).Properties ?? {}) as Record<string, unknown>,
      })),
    );
  }
}
