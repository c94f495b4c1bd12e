// The one place commands get their adapters from: `backendOf(ctx, args).stateStore()` and so on.
import { type CliContext, type GlobalArgs, stateDirOf } from '../context.ts';
import { awsBackend } from './aws.ts';
import type { CliBackend } from './cli-backend.ts';
import { localBackend } from './local.ts';

export type { CliBackend, DesiredState, RegistryAdapters } from './cli-backend.ts';

export function backendOf(ctx: CliContext, args: GlobalArgs): CliBackend {
  return args.backend === 'aws' ? awsBackend(ctx.env) : localBackend(stateDirOf(ctx, args));
}
