// Builds the yargs CLI over injected streams and runs one command line; returns the exit code.
// Two phases: parse and check the whole command line (nothing is read or written), then act.
import yargs from 'yargs';
import packageJson from '../../../package.json' with { type: 'json' };
import { defaultActor } from './actor.ts';
import { commandFactories } from './commands/index.ts';
import {
  BACKEND_KINDS,
  type BackendKind,
  type CliContext,
  type CliPlatform,
  ExitCode,
  type Output,
} from './context.ts';
import { type ChosenCommand, deferHandlers } from './deferred-handlers.ts';
import { describeError } from './describe-error.ts';

/** A command line yargs accepts but a command's own check refuses (exit 2, nothing done). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface RunOptions {
  readonly out: Output;
  readonly err: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly platform?: CliPlatform;
}

export async function runCli(argv: readonly string[], options: RunOptions): Promise<number> {
  const env = options.env ?? {};
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    options.out.write(`${packageJson.version}\n`);
    return ExitCode.ok;
  }
  const ctx: CliContext = {
    out: options.out,
    err: options.err,
    env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.platform ? { platform: options.platform } : {}),
    exitCode: 0,
  };
  let usageError: string | undefined;
  const chosen: ChosenCommand = {};
  let parser = yargs([...argv])
    .scriptName('mlrelease')
    .usage(
      '$0 <command> [options]\n\nRelease ML models from models.yaml: validate, plan, roll out, promote, roll back.',
    )
    .option('json', { type: 'boolean', default: false, describe: 'print machine-readable JSON' })
    .option('state-dir', {
      type: 'string',
      default: env.MLRELEASE_STATE_DIR ?? '.mlrelease',
      describe: 'local state directory (env MLRELEASE_STATE_DIR)',
    })
    .option('backend', {
      choices: BACKEND_KINDS,
      default: (env.MLRELEASE_BACKEND || 'local') as BackendKind,
      describe: 'local: the state dir on this machine; aws: S3, SageMaker (env MLRELEASE_BACKEND)',
    })
    .option('aws', { type: 'boolean', describe: 'shorthand for --backend aws' })
    .option('actor', {
      type: 'string',
      alias: 'who',
      default: defaultActor(env),
      defaultDescription: 'MLRELEASE_ACTOR, CodeBuild: CODEBUILD_INITIATOR, else the OS user',
      describe: 'who acts, recorded in history and registrations',
    })
    .middleware((a) => {
      if (a.aws) a.backend = 'aws';
    })
    // A misspelt MLRELEASE_BACKEND must not fall back to local state.
    .check((a) =>
      BACKEND_KINDS.includes(a.backend as BackendKind)
        ? true
        : `--backend (or MLRELEASE_BACKEND): expected local or aws, got ${a.backend}`,
    )
    .check((a) => (String(a.actor).trim() ? true : '--actor: must not be empty'))
    .demandCommand(1, 'Name a command: see mlrelease --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .epilogue(`mlrelease --version: print the version (${packageJson.version})`)
    // Not yargs' --version: it would shadow the `version` positional of `registry show|approve`.
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error && !(error instanceof UsageError)) throw error;
      usageError = message ?? error?.message;
    });
  deferHandlers(parser, chosen);
  for (const factory of commandFactories) parser = parser.command(factory(ctx));

  let helpText = '';
  try {
    await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      helpText = output;
    });
  } catch (error) {
    // yargs itself refused this command line (no command has run).
    usageError = error instanceof Error ? error.message : String(error);
  }
  if (usageError !== undefined) {
    ctx.err.write(`${usageError || helpText}\nRun mlrelease --help for usage.\n`);
    return ExitCode.usage;
  }
  if (helpText) ctx.out.write(`${helpText}\n`);
  if (!chosen.run) return ctx.exitCode;
  try {
    await chosen.run();
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.err.write(`${error.message}\nRun mlrelease --help for usage.\n`);
      return ExitCode.usage;
    }
    ctx.err.write(describeError(error));
    return ExitCode.failed;
  }
  return ctx.exitCode;
}
