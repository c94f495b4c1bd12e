// CodePipeline: Source -> one CodeBuild step per stage in stages.ts (with an optional manual approval).
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BuildSpec, ComputeType, LinuxBuildImage, PipelineProject } from 'aws-cdk-lib/aws-codebuild';
import { Artifact, Pipeline, PipelineType } from 'aws-cdk-lib/aws-codepipeline';
import { CodeBuildAction, ManualApprovalAction } from 'aws-cdk-lib/aws-codepipeline-actions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from '../../inference-stack/src/constructs/acknowledge.ts';
import { MODELS_PREFIX } from '../../inference-stack/src/constructs/data-bucket.ts';
import { allowLogsService } from '../../inference-stack/src/constructs/encryption-keys.ts';
import { accessLogBucket, secureBucket } from '../../inference-stack/src/constructs/secure-bucket.ts';
import { acknowledgeSharedFindings } from '../../inference-stack/src/constructs/shared-acknowledgements.ts';
import type { PipelineConfig } from '../../inference-stack/src/stack/infra-config.ts';
import { PIPELINE_NAME } from '../../inference-stack/src/stack/stack-names.ts';
import { MANIFEST_KEY } from '../../release-tools/src/domain/state-keys.ts';
import { renderBuildSpec } from './buildspec.ts';
import { sourceAction } from './source-action.ts';
import { stageStatements } from './stage-permissions.ts';
import { PIPELINE_STAGES, type PipelineStage } from './stages.ts';

export interface PipelineStackProps extends StackProps {
  readonly config: PipelineConfig;
  /** Rollout state and desired manifest (owned by the inference stack). */
  readonly stateBucketName: string;
  readonly stateBucketArn: string;
  /** Holds model artifacts under models/ (owned by the inference stack). */
  readonly dataBucketArn: string;
  readonly dataBucketName: string;
  /** KMS key of both buckets. */
  readonly dataKeyArn: string;
  /** Serving image recorded in model packages (`{region}` is filled in at run time). @default the CLI's default image */
  readonly inferenceImage?: string;
  /** @default PIPELINE_STAGES */
  readonly stages?: readonly PipelineStage[];
}

export class PipelineStack extends Stack {
  readonly pipeline: Pipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const key = new Key(this, 'ArtifactKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const logKey = new Key(this, 'LogKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    allowLogsService(logKey);
    const artifactBucket = secureBucket(this, 'Artifacts', {
      encryptionKey: key,
      accessLogs: accessLogBucket(this, 'AccessLogs'),
    });
    const logs = new LogGroup(this, 'BuildLogs', {
      encryptionKey: logKey,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const compileRole = new Role(this, 'CompileRole', {
      assumedBy: new ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'Assumed by SageMaker Neo compilation jobs started by the pipeline',
    });
    const targets = {
      stateBucketArn: props.stateBucketArn,
      dataKeyArn: props.dataKeyArn,
      compileRole,
      modelsObjectsArn: `${props.dataBucketArn}/${MODELS_PREFIX}*`,
      dataBucketArn: props.dataBucketArn,
    };
    // Neo reads the uploaded model and writes the compiled one, both under models/.
    compileRole.addToPolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [targets.modelsObjectsArn] }),
    );
    compileRole.addToPolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.dataKeyArn] }),
    );

    this.pipeline = new Pipeline(this, 'Pipeline', {
      pipelineName: PIPELINE_NAME,
      pipelineType: PipelineType.V2,
      artifactBucket,
      restartExecutionOnUpdate: false,
    });
    let input = new Artifact('Source');
    this.pipeline.addStage({ stageName: 'Source', actions: [sourceAction(this, props.config.source, input)] });
    for (const stage of props.stages ?? PIPELINE_STAGES) {
      if (stage.needsApproval && props.config.requireApproval)
        this.pipeline.addStage({
          stageName: `Approve${stage.name}`,
          actions: [new ManualApprovalAction({ actionName: 'Approve', additionalInformation: stage.description })],
        });
      const project = new PipelineProject(this, `${stage.name}Project`, {
        projectName: `model-release-${stage.name.toLowerCase()}`,
        description: stage.description,
        buildSpec: BuildSpec.fromObject(renderBuildSpec(stage)),
        environment: { buildImage: LinuxBuildImage.STANDARD_7_0, computeType: ComputeType.SMALL, privileged: false },
        environmentVariables: {
          MLRELEASE_BACKEND: { value: 'aws' },
          STATE_BUCKET: { value: props.stateBucketName },
          DATA_BUCKET: { value: props.dataBucketName },
          MODELS_PREFIX: { value: MODELS_PREFIX },
          MANIFEST_KEY: { value: MANIFEST_KEY },
          COMPILE_ROLE_ARN: { value: compileRole.roleArn },
          DATA_KEY_ARN: { value: props.dataKeyArn },
          ...(props.inferenceImage ? { INFERENCE_IMAGE: { value: props.inferenceImage } } : {}),
        },
        encryptionKey: key,
        timeout: Duration.minutes(60),
        logging: { cloudWatch: { logGroup: logs } },
      });
      for (const permission of stage.permissions)
        for (const statement of stageStatements(permission, targets, this)) project.addToRolePolicy(statement);
      if (stage.permissions.includes('register'))
        acknowledge(project, [
          [
            'AwsSolutions-IAM5[Resource::*]',
            'sagemaker:ListModelPackageGroups is a List action with no resource-level permission.',
          ],
        ]);
      const output = new Artifact(stage.name);
      this.pipeline.addStage({
        stageName: stage.name,
        actions: [new CodeBuildAction({ actionName: stage.name, project, input, outputs: [output] })],
      });
      input = output;
      acknowledge(project, [
        [
          'HIPAA.Security-CodeBuildProjectSourceRepoUrl',
          'The project’s source is CodePipeline (an artifact), not a repository URL with credentials.',
        ],
      ]);
    }
    acknowledgeSharedFindings(this, [
      [
        /^Resource::<Artifacts\w+\.Arn>\/\*$/,
        'CodePipeline artifacts bucket owned by this pipeline; executions write objects with generated keys.',
      ],
      [
        /^Resource::arn:<AWS::Partition>:(logs|codebuild):<AWS::Region>:<AWS::AccountId>:(log-group:\/aws\/codebuild|report-group)\/<\w+>(:|-)\*$/,
        'Log streams and report groups CodeBuild creates per build of this project.',
      ],
      [
        /^Resource::[\w-]+:ExportsOutput\w+ControllerState\w+\/(desired\/|state\/releases\/)?\*$/,
        'Rollout state objects the CLI reads (plan), the desired manifest the release stage writes and the prepared releases (one per model version) the register stage hands to the controller.',
      ],
      [
        /^Resource::[\w-]+:ExportsOutput\w+DataBucket\w+\/models\/\*$/,
        'Model archives under models/ of the data bucket, named by model, version and hash at run time.',
      ],
      [
        /^Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:(compilation-job|model-package-group|model-package)\/\*$/,
        'Neo jobs and model packages are named per model and version at run time, and a model added to models.yaml must compile before this stack is redeployed; the actions are limited to compile/register.',
      ],
    ]);
  }
}
