// Template tests for the release pipeline, against one synthesized app (plus one without approval).
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildTestApp, TWO_MODELS } from '../../inference-stack/test/cdk/test-app.ts';

const template = Template.fromStack(buildTestApp({ manifestText: TWO_MODELS }).pipeline);
const stageNames = (t: Template) => {
  const [pipeline] = Object.values(t.findResources('AWS::CodePipeline::Pipeline')) as {
    Properties: { Stages: { Name: string }[] };
  }[];
  return pipeline!.Properties.Stages.map((s) => s.Name);
};
const projectRole = (name: string) => {
  const [project] = Object.values(
    template.findResources('AWS::CodeBuild::Project', { Properties: { Name: name } }),
  ) as {
    Properties: { ServiceRole: { 'Fn::GetAtt': [string, string] } };
  }[];
  return project!.Properties.ServiceRole['Fn::GetAtt'][0];
};
const statementsOf = (roleId: string) => {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: {
      Roles: { Ref: string }[];
      PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
    };
  }[];
  return policies
    .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
};

describe('release pipeline', () => {
  it('runs the stages defined in stages.ts after the source, approving before release', () => {
    expect(stageNames(template)).toEqual(['Source', 'Validate', 'Compile', 'Register', 'ApproveRelease', 'Release']);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      PipelineType: 'V2',
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: 'Source',
          Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }) })],
        }),
        Match.objectLike({
          Name: 'ApproveRelease',
          Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'Manual' }) })],
        }),
      ]),
    });
  });

  it('omits the manual approval when approvals are turned off', () => {
    const noApproval = buildTestApp({
      manifestText: TWO_MODELS,
      context: { mlrelease: { pipeline: { requireApproval: false } } },
    });
    expect(stageNames(Template.fromStack(noApproval.pipeline))).toEqual([
      'Source',
      'Validate',
      'Compile',
      'Register',
      'Release',
    ]);
  });

  it('still uses a CodeCommit repository when configured', () => {
    const codecommit = buildTestApp({
      manifestText: TWO_MODELS,
      context: {
        mlrelease: { pipeline: { source: { kind: 'codecommit', repositoryName: 'model-release', branch: 'main' } } },
      },
    });
    const t = Template.fromStack(codecommit.pipeline);
    t.resourceCountIs('AWS::CodeStarConnections::Connection', 0);
    t.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: 'Source',
          Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeCommit' }) })],
        }),
      ]),
    });
  });

  it('uses a CodeStar connection source when configured', () => {
    const codestar = buildTestApp({
      manifestText: TWO_MODELS,
      context: {
        mlrelease: {
          pipeline: {
            source: {
              kind: 'codestar',
              connectionArn: 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/abc',
              owner: 'acme',
              repo: 'models',
              branch: 'main',
            },
          },
        },
      },
    });
    Template.fromStack(codestar.pipeline).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: 'Source',
          Actions: [
            Match.objectLike({
              ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }),
              Configuration: Match.objectLike({ FullRepositoryId: 'acme/models' }),
            }),
          ],
        }),
      ]),
    });
  });

  it.each([
    [
      'model-release-validate',
      [
        'npx tsx pipeline/bin/example-models.ts',
        'npx mlrelease validate',
        'npx mlrelease plan --json > plan.json',
        'npx mlrelease plan',
      ],
    ],
    [
      'model-release-compile',
      [
        'models="$(npx tsx pipeline/bin/changed-models.ts plan.json)"',
        'for m in $models; do npx mlrelease compile "$m"; done',
      ],
    ],
    [
      'model-release-register',
      [
        'models="$(npx tsx pipeline/bin/changed-models.ts plan.json)"',
        'for m in $models; do npx mlrelease register "$m"; done',
      ],
    ],
    ['model-release-release', ['npx mlrelease apply']],
  ])('runs %s as a KMS-encrypted CodeBuild project whose build phase runs the stage commands', (name, commands) => {
    // Assess: the project as CloudFormation will create it, and its buildspec as CodeBuild will read it.
    const [project] = Object.values(
      template.findResources('AWS::CodeBuild::Project', { Properties: { Name: name } }),
    ) as { Properties: { Source: { Type: string; BuildSpec: string } } & Record<string, unknown> }[];
    expect(project?.Properties).toMatchObject({
      EncryptionKey: expect.anything(),
      Environment: expect.objectContaining({
        PrivilegedMode: false,
        EnvironmentVariables: expect.arrayContaining([{ Name: 'MLRELEASE_BACKEND', Type: 'PLAINTEXT', Value: 'aws' }]),
      }),
      Source: { Type: 'CODEPIPELINE' },
    });
    const buildSpec = JSON.parse(project!.Properties.Source.BuildSpec);
    expect(buildSpec.phases.build.commands).toEqual(['set -euo pipefail', ...commands]);
  });

  it('keeps artifacts in a KMS-encrypted, TLS-only bucket', () => {
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      ArtifactStore: { Type: 'S3', Location: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('lets only the release stage write the desired state, and only under desired/', () => {
    const writes = (project: string) =>
      statementsOf(projectRole(project)).filter(
        (s) => [s.Action].flat().includes('s3:PutObject') && JSON.stringify(s.Resource).includes('ControllerState'),
      );
    expect(writes('model-release-validate')).toEqual([]);
    expect(writes('model-release-compile')).toEqual([]);
    const release = writes('model-release-release');
    expect(release).toHaveLength(1);
    expect(JSON.stringify(release[0]!.Resource)).toMatch(/\/desired\/\*"?\]?\]?\}?$/);
  });

  it('lets only the register stage hand prepared releases to the controller, and only under state/releases/', () => {
    const writes = (project: string) =>
      statementsOf(projectRole(project)).filter(
        (s) => [s.Action].flat().includes('s3:PutObject') && JSON.stringify(s.Resource).includes('ControllerState'),
      );
    const register = writes('model-release-register');
    expect(register).toHaveLength(1);
    expect(JSON.stringify(register[0]!.Resource)).toMatch(/\/state\/releases\/\*"?\]?\]?\}?$/);
    expect(JSON.stringify(writes('model-release-release'))).not.toContain('state/releases');
  });

  it('gives every stage the KMS key and serving image the CLI needs on AWS', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'model-release-register',
      Environment: Match.objectLike({
        EnvironmentVariables: Match.arrayWith([
          Match.objectLike({ Name: 'DATA_KEY_ARN', Value: Match.anyValue() }),
          // The inference stack's serving image asset (the same ECR image the endpoint runs).
          Match.objectLike({
            Name: 'INFERENCE_IMAGE',
            Value: {
              'Fn::Sub': Match.stringLikeRegexp(
                'container-assets-\\$\\{AWS::AccountId\\}-\\$\\{AWS::Region\\}:[0-9a-f]{64}$',
              ),
            },
          }),
        ]),
      }),
    });
  });

  it('lets only the compile stage start Neo compilation jobs and pass the compile role', () => {
    const actions = (project: string) => statementsOf(projectRole(project)).flatMap((s) => [s.Action].flat());
    expect(actions('model-release-compile')).toEqual(
      expect.arrayContaining(['sagemaker:CreateCompilationJob', 'iam:PassRole']),
    );
    expect(actions('model-release-register')).not.toContain('sagemaker:CreateCompilationJob');
    expect(actions('model-release-validate')).not.toContain('iam:PassRole');
    expect(actions('model-release-register')).toContain('sagemaker:CreateModelPackage');
  });
});
