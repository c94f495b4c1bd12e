// What every command gets injected: streams, environment and working dir. Commands set `exitCode`;
// only main() turns it into process.exit.
import { resolve } from 'node:path';
import type { ControllerDeps } from '../controller/deps.ts';
import type { Clock } from '../ports/clock.ts';

export interface Output {
  write(chunk: string): unknown;
}

/** What a host process (the embedded platform, a test) can hand the CLI's controller commands. */
export interface CliPlatform {
  /** Ports that replace the stand-alone defaults (metrics, alarms, model host, preparer...). */
  readonly controllerDeps?: (stateDir: string) => Partial<ControllerDeps>;
  /** Time for `status --watch` and `controller run`. @default systemClock */
  readonly clock?: Clock;
  /** Stops `controller run` and `status --watch`. */
  readonly signal?: AbortSignal;
}

export interface CliContext {
  readonly out: Output;
  readonly err: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform?: CliPlatform;
  exitCode: number;
}

/** Exit codes that mean something to scripts. */
export const ExitCode = {
  ok: 0,
  /** Invalid input (models.yaml errors) or the operation failed. */
  failed: 1,
  /** Bad command line. */
  usage: 2,
  /** `status --watch`: the rollout ended rolled back or aborted. */
  degraded: 3,
} as const;

/** Where commands find state, artifacts and the registry: this machine, or AWS. */
export type BackendKind = 'local' | 'aws';
export const BACKEND_KINDS: readonly BackendKind[] = ['local', 'aws'];

export interface GlobalArgs {
  json: boolean;
  'state-dir': string;
  backend: BackendKind;
  /** Who acts: `--actor`, else MLRELEASE_ACTOR, CODEBUILD_INITIATOR or the OS user (actor.ts). */
  actor: string;
}

export function stateDirOf(ctx: CliContext, args: GlobalArgs): string {
  return resolve(ctx.cwd, args['state-dir']);
}

export function printJson(ctx: CliContext, data: unknown): void {
  ctx.out.write(`${JSON.stringify(data, null, 2)}\n`);
}
