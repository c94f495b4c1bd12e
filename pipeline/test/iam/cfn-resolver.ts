// Resolves the synthesized CloudFormation templates to concrete values for one fixed account and
// region, the way CloudFormation would at deploy time: Ref, Fn::GetAtt, Fn::Join, Fn::Select,
// Fn::Split, Fn::Sub and Fn::ImportValue (exports of the other stacks). Physical names that
// CloudFormation would generate are the stack name and logical id, lower-cased.

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const PARTITION = 'aws';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError';
}

const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::CodeBuild::Project': 'Name',
  'AWS::CodePipeline::Pipeline': 'Name',
  'AWS::SageMaker::Endpoint': 'EndpointName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Events::Rule': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
};

export class StackResolver {
  private exports = new Map<string, { stack: StackResolver; value: unknown }>();

  constructor(
    readonly stackName: string,
    readonly template: CfnTemplate,
  ) {}

  /** Makes the exports of `others` visible to Fn::ImportValue. */
  link(others: readonly StackResolver[]): void {
    for (const other of others)
      for (const output of Object.values(other.template.Outputs ?? {}))
        if (output.Export)
          this.exports.set(String(other.resolve(output.Export.Name)), { stack: other, value: output.Value });
  }

  resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new UnresolvableError(`${this.stackName}: no resource ${logicalId}`);
    return resource;
  }

  /** The physical name CloudFormation gives the resource (its name property, else generated). */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const given = property ? resource.Properties?.[property] : undefined;
    if (given !== undefined) return String(this.resolve(given));
    return `${this.stackName}-${logicalId}`.toLowerCase().slice(0, 63);
  }

  arnOf(logicalId: string): string {
    return this.attribute(logicalId, 'Arn');
  }

  ref(logicalId: string): string {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': ACCOUNT,
      'AWS::Region': REGION,
      'AWS::Partition': PARTITION,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': this.stackName,
    };
    if (pseudo[logicalId]) return pseudo[logicalId];
    const type = this.resource(logicalId).Type;
    const name = this.physicalName(logicalId);
    switch (type) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
      case 'AWS::SNS::Topic':
      case 'AWS::SageMaker::Endpoint':
        return this.arnOf(logicalId);
      case 'AWS::KMS::Key':
        return `key-${logicalId.toLowerCase()}`;
      default:
        return name;
    }
  }

  attribute(logicalId: string, attribute: string): string {
    const type = this.resource(logicalId).Type;
    const name = this.physicalName(logicalId);
    const regional = (service: string, rest: string) => `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${rest}`;
    const arns: Record<string, () => string> = {
      'AWS::S3::Bucket': () => `arn:${PARTITION}:s3:::${name}`,
      'AWS::KMS::Key': () => regional('kms', `key/${this.ref(logicalId)}`),
      'AWS::SQS::Queue': () => regional('sqs', name),
      'AWS::SNS::Topic': () => regional('sns', name),
      'AWS::IAM::Role': () => `arn:${PARTITION}:iam::${ACCOUNT}:role/${name}`,
      'AWS::Lambda::Function': () => regional('lambda', `function:${name}`),
      'AWS::SageMaker::Endpoint': () => regional('sagemaker', `endpoint/${name.toLowerCase()}`),
      'AWS::Logs::LogGroup': () => regional('logs', `log-group:${name}:*`),
      'AWS::Events::Rule': () => regional('events', `rule/${name}`),
      'AWS::CodeBuild::Project': () => regional('codebuild', `project/${name}`),
      'AWS::Cognito::UserPool': () => regional('cognito-idp', `userpool/${REGION}_${logicalId}`),
      'AWS::CloudWatch::Alarm': () => regional('cloudwatch', `alarm:${name}`),
    };
    // A connection's ARN ends in a generated UUID; any fixed one stands for it.
    if (type === 'AWS::CodeStarConnections::Connection' && attribute === 'ConnectionArn')
      return regional('codestar-connections', 'connection/00000000-0000-4000-8000-000000000000');
    if (attribute === 'Arn' || attribute === 'TopicArn') {
      const arn = arns[type];
      if (!arn) throw new UnresolvableError(`${this.stackName}: no ARN rule for ${type} (${logicalId})`);
      return arn();
    }
    if (['QueueName', 'TopicName', 'EndpointName', 'ModelName', 'EndpointConfigName', 'Name'].includes(attribute))
      return name;
    if (attribute === 'QueueUrl') return this.ref(logicalId);
    if (attribute === 'DomainName') return `${name}.s3.amazonaws.com`;
    if (attribute === 'RegionalDomainName') return `${name}.s3.${REGION}.amazonaws.com`;
    if (attribute === 'KeyId') return this.ref(logicalId);
    if (attribute === 'ProviderURL') return `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_${logicalId}`;
    return `${logicalId}.${attribute}`;
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.attribute(String(id), String(attr));
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [sep, text] = arg as [string, unknown];
          return String(this.resolve(text)).split(sep);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in vars) return String(this.resolve(vars[name]));
            const [id, attr] = name.split('.');
            return attr ? this.attribute(id!, attr) : this.ref(id!);
          });
        }
        case 'Fn::ImportValue': {
          const found = this.exports.get(String(this.resolve(arg)));
          if (!found) throw new UnresolvableError(`${this.stackName}: no export ${String(arg)}`);
          return found.stack.resolve(found.value);
        }
        default:
          if (fn.startsWith('Fn::')) throw new UnresolvableError(`${this.stackName}: ${fn} is not supported`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  /** Logical ids of the resources of one type. */
  ofType(type: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }
}
