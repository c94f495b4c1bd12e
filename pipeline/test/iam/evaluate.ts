// One IAM request through @cloud-copilot/iam-simulate: the principal's identity policies from the
// template, plus the resource policy of the resource it touches (bucket, key, queue, topic, function).
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT } from './cfn-resolver.ts';
import type { IamModel, RoleFacts } from './iam-model.ts';
import type { IamRequest } from './iam-requests.ts';

export type Principal = { readonly role: RoleFacts } | { readonly service: string };

export interface Evaluated extends IamRequest {
  readonly decision: string;
}

export async function evaluate(model: IamModel, principal: Principal, request: IamRequest): Promise<Evaluated> {
  const resourcePolicy = request.resource === '*' ? undefined : model.resourcePolicy(request.resource);
  const isRole = 'role' in principal;
  const result = await runSimulation(
    {
      request: {
        principal: isRole ? principal.role.arn : principal.service,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: {
          'aws:SecureTransport': 'true',
          ...(isRole ? { 'aws:PrincipalArn': principal.role.arn, 'aws:PrincipalAccount': ACCOUNT } : {}),
          ...request.context,
        },
      },
      identityPolicies: isRole ? principal.role.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })) : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error')
    throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  return { ...request, decision: result.overallResult };
}
