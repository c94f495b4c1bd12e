// Which models a plan compiles and registers: those it adds or releases, never held or retired ones.

interface PlanLike {
  readonly actions: readonly { readonly kind: string; readonly model: string }[];
}

const BUILDS = new Set(['new', 'release']);

export class PlanFormatError extends Error {
  override readonly name = 'PlanFormatError';
}

export function changedModels(planJson: string): string[] {
  let plan: PlanLike;
  try {
    plan = JSON.parse(planJson) as PlanLike;
  } catch (cause) {
    throw new PlanFormatError('plan is not JSON (expected `mlrelease plan --json` output)', { cause });
  }
  if (!Array.isArray(plan?.actions)) throw new PlanFormatError('plan has no actions array');
  return plan.actions.filter((a) => BUILDS.has(a.kind)).map((a) => a.model);
}
