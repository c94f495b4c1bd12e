// SNS subscription filter policies on message attributes (the subset the provisioning code and the
// CDK lanes use): every key in the policy must match (AND); within a key any rule may match (OR).
// Rules: an exact string, { prefix }, { 'anything-but': string | string[] }, { exists: boolean }.

export type FilterRule =
  | string
  | { readonly prefix: string }
  | { readonly 'anything-but': string | readonly string[] }
  | { readonly exists: boolean };

export type FilterPolicy = Readonly<Record<string, readonly FilterRule[]>>;

export function matchesFilterPolicy(
  policy: FilterPolicy | undefined,
  attributes: Readonly<Record<string, string>>,
): boolean {
  if (!policy) return true;
  return Object.entries(policy).every(([name, rules]) => rules.some((rule) => matchesRule(rule, attributes[name])));
}

function matchesRule(rule: FilterRule, value: string | undefined): boolean {
  if (typeof rule === 'string') return value === rule;
  if ('exists' in rule) return rule.exists === (value !== undefined);
  if (value === undefined) return false;
  if ('prefix' in rule) return value.startsWith(rule.prefix);
  const excluded = rule['anything-but'];
  return typeof excluded === 'string' ? value !== excluded : !excluded.includes(value);
}
