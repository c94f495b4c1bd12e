// AwsSolutions-IAM5 names each wildcard finding after the resolved policy text (logical ids, export
// names), which changes whenever a construct moves. This acknowledges findings by pattern instead: at
// synth, after references are resolved, every IAM5 finding under `scope` that matches is acknowledged
// with the reason given for its pattern; anything unmatched still fails the synth.
import { type IResolvable, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export type WildcardRule = readonly [pattern: RegExp, reason: string];

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

export function acknowledgeWildcards(scope: IConstruct, rules: readonly WildcardRule[]): void {
  scope.node.addValidation({
    validate: () => {
      for (const node of scope.node.findAll()) {
        for (const finding of wildcardFindings(node)) {
          const rule = rules.find(([pattern]) => pattern.test(finding));
          if (rule) Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: rule[1] });
        }
      }
      return [];
    },
  });
}

/** The same finding ids cdk-nag's IAMNoWildcardPermissions rule reports. */
export function wildcardFindings(node: IConstruct): string[] {
  const stack = Stack.of(node);
  let documents: unknown[] = [];
  if (node instanceof CfnPolicy) documents = [stack.resolve(node.policyDocument)];
  else if (node instanceof CfnRole) {
    const policies = (stack.resolve(node.policies as IResolvable) ?? []) as { policyDocument?: unknown }[];
    documents = policies.map((p) => stack.resolve(p.policyDocument));
  }
  const findings = new Set<string>();
  for (const doc of documents) {
    for (const s of ((doc as { Statement?: Statement[] })?.Statement ?? []) as Statement[]) {
      if (s.Effect !== 'Allow') continue;
      for (const action of list(s.Action)) if (action.includes('*')) findings.add(`Action::${action}`);
      for (const resource of list(s.Resource).map(flattenCfnReference))
        if (resource.includes('*')) findings.add(`Resource::${resource}`);
    }
  }
  return [...findings];
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
