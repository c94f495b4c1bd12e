// The one place commands get their adapters from: `backendOf(ctx, args).stateStore()` and so on.
import { type CliContext, type GlobalArgs, stateDirOf } from '../context.ts';
import type { CliBackend } from './cli-backend.ts';
import { localBackend } from './local.ts';

export type { CliBackend, DesiredState, RegistryAdapters } from './cli-backend.ts';

export async function backendOf(ctx: CliContext, args: GlobalArgs): Promise<CliBackend> {
  if (args.backend !== 'aws') return localBackend(stateDirOf(ctx, args));
  // Loaded on demand: the AWS SDK clients add a third of a second to every local command's start.
  const { awsBackend } = await import('./aws.ts');
  return awsBackend(ctx.env);
}
