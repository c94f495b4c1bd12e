// The pipeline's source: a CodeStar/CodeConnections connection (GitHub, GitLab, Bitbucket; the default,
// created here when no connection ARN is configured) or, for accounts that still have it, CodeCommit.

import { CfnOutput } from 'aws-cdk-lib';
import { Repository } from 'aws-cdk-lib/aws-codecommit';
import type { Artifact } from 'aws-cdk-lib/aws-codepipeline';
import type { Action } from 'aws-cdk-lib/aws-codepipeline-actions';
import {
  CodeCommitSourceAction,
  CodeCommitTrigger,
  CodeStarConnectionsSourceAction,
} from 'aws-cdk-lib/aws-codepipeline-actions';
import { CfnConnection } from 'aws-cdk-lib/aws-codestarconnections';
import type { Construct } from 'constructs';
import type { SourceConfig } from '../../inference-stack/src/stack/infra-config.ts';
import { SOURCE_CONNECTION_OUTPUT } from '../../inference-stack/src/stack/stack-names.ts';

export function sourceAction(scope: Construct, source: SourceConfig, output: Artifact): Action {
  switch (source.kind) {
    case 'codecommit':
      return new CodeCommitSourceAction({
        actionName: 'Source',
        repository: Repository.fromRepositoryName(scope, 'Repository', source.repositoryName),
        branch: source.branch,
        output,
        trigger: CodeCommitTrigger.EVENTS,
      });
    case 'codestar':
      return new CodeStarConnectionsSourceAction({
        actionName: 'Source',
        connectionArn: connectionOutput(scope, source.connectionArn ?? createdConnectionArn(scope)),
        owner: source.owner,
        repo: source.repo,
        branch: source.branch,
        output,
        triggerOnPush: true,
      });
  }
}

/** A GitHub connection in PENDING state: activate it once in the console, then the pipeline can pull. */
function createdConnectionArn(scope: Construct): string {
  return new CfnConnection(scope, 'SourceConnection', {
    connectionName: 'model-release-source',
    providerType: 'GitHub',
  }).attrConnectionArn;
}

/** The connection in use, created or configured, as a stack output: `mlrelease doctor --aws` checks its status. */
function connectionOutput(scope: Construct, connectionArn: string): string {
  new CfnOutput(scope, SOURCE_CONNECTION_OUTPUT, {
    value: connectionArn,
    description:
      'Activate this connection once (console: Developer Tools > Settings > Connections) before the first run',
  });
  return connectionArn;
}
