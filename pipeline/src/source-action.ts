// The pipeline's source: a CodeCommit repository or a CodeStar connection (GitHub, GitLab, Bitbucket).

import { Repository } from 'aws-cdk-lib/aws-codecommit';
import type { Artifact } from 'aws-cdk-lib/aws-codepipeline';
import type { Action } from 'aws-cdk-lib/aws-codepipeline-actions';
import {
  CodeCommitSourceAction,
  CodeCommitTrigger,
  CodeStarConnectionsSourceAction,
} from 'aws-cdk-lib/aws-codepipeline-actions';
import type { Construct } from 'constructs';
import type { SourceConfig } from '../../inference-stack/src/stack/infra-config.ts';

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
        connectionArn: source.connectionArn,
        owner: source.owner,
        repo: source.repo,
        branch: source.branch,
        output,
        triggerOnPush: true,
      });
  }
}
