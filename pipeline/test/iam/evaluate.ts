// One IAM request through @cloud-copilot/iam-simulate: the principal's identity policies from the
// template, plus the resource policy of the resource it touches (bucket, key, queue, topic, function).
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT } from './cfn-resolver.ts';
import type { IamModel, RoleFacts } from './iam-model.ts';
import type { IamRequest } from './iam-requests.ts';

export type Principal = { readonly role: RoleFacts } | { readonly service: string };

export interface Evaluated extends IamRequest {
  readonly decision: string;
}

// S3 ARNs carry no account: the buckets here are this account's.
const accountOf = (arn: string) => arn.split(':')[4] || ACCOUNT;

export async function evaluate(model: IamModel, principal: Principal, request: IamRequest): Promise<Evaluated> {
  const found = request.resource === '*' ? undefined : model.resourcePolicy(request.resource);
  const resourcePolicy = found && aliasEncryptionContext(found);
  const isRole = 'role' in principal;
  const simulation: Simulation = {
    request: {
      principal: isRole ? principal.role.arn : principal.service,
      action: request.action,
      resource: { resource: request.resource, accountId: accountOf(request.resource) },
      contextVariables: {
        'aws:SecureTransport': 'true',
        ...(isRole ? { 'aws:PrincipalArn': principal.role.arn, 'aws:PrincipalAccount': ACCOUNT } : {}),
        ...aliasEncryptionContext(request.context ?? {}),
      },
    },
    identityPolicies: isRole ? principal.role.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })) : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error')
    throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  // An ignored key would make a condition check vacuous.
  if (ignored.length > 0) throw new Error(`iam-simulate ignored ${ignored.join(', ')} for ${request.action}`);
  return { ...request, decision: result.overallResult };
}

/**
 * iam-simulate 0.1.173 ignores `kms:EncryptionContext:<key>` context keys (it matches variable keys
 * on `/` only), which would fail every condition on them. The same key is renamed on both sides, in
 * the policy conditions and in the request, to a `/` variable key of the same string type that it
 * does evaluate (`aws:ResourceTag/kms-ec.<key>`), so the operators run on the real values.
 */
export function aliasEncryptionContext<T>(value: T): T {
  const rename = (key: string) =>
    key.toLowerCase().startsWith('kms:encryptioncontext:')
      ? `aws:ResourceTag/kms-ec.${key.slice('kms:EncryptionContext:'.length).replaceAll(':', '-')}`
      : key;
  return JSON.parse(JSON.stringify(value), (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [rename(k), x]));
    return v;
  }) as T;
}
