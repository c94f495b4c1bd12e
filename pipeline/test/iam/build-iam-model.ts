// The synthesized app (the repository's models.yaml, default config) as an IamModel.
import { Template } from 'aws-cdk-lib/assertions';
import { STACK_NAMES } from '../../../inference-stack/src/stack/stack-names.ts';
import { buildTestApp } from '../../../inference-stack/test/cdk/test-app.ts';
import { type CfnTemplate, StackResolver } from './cfn-resolver.ts';
import { IamModel } from './iam-model.ts';

export function buildIamModel(options: Parameters<typeof buildTestApp>[0] = {}): IamModel {
  const app = buildTestApp(options);
  const inference = new StackResolver(STACK_NAMES.inference, Template.fromStack(app.inference).toJSON() as CfnTemplate);
  const pipeline = new StackResolver(STACK_NAMES.pipeline, Template.fromStack(app.pipeline).toJSON() as CfnTemplate);
  pipeline.link([inference]);
  inference.link([pipeline]);
  return new IamModel([inference, pipeline]);
}
