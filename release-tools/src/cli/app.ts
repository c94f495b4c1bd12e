// Builds the yargs CLI over injected streams and runs one command line; returns the exit code.
import yargs from 'yargs';
import { commandFactories } from './commands/index.ts';
import {
  BACKEND_KINDS,
  type BackendKind,
  type CliContext,
  type CliPlatform,
  ExitCode,
  type Output,
} from './context.ts';
import { describeError } from './describe-error.ts';

export interface RunOptions {
  readonly out: Output;
  readonly err: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly platform?: CliPlatform;
}

export async function runCli(argv: readonly string[], options: RunOptions): Promise<number> {
  const env = options.env ?? {};
  const ctx: CliContext = {
    out: options.out,
    err: options.err,
    env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.platform ? { platform: options.platform } : {}),
    exitCode: 0,
  };
  let usageError: string | undefined;
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
    .middleware((a) => {
      if (a.aws) a.backend = 'aws';
      // Before any command runs: a misspelt MLRELEASE_BACKEND must not fall back to local state.
      if (!BACKEND_KINDS.includes(a.backend))
        throw new Error(`--backend (or MLRELEASE_BACKEND): expected local or aws, got ${a.backend}`);
    })
    .demandCommand(1, 'Name a command: see mlrelease --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      usageError = message;
    });
  for (const factory of commandFactories) parser = parser.command(factory(ctx));

  let helpText = '';
  try {
    await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      helpText = output;
    });
  } catch (error) {
    ctx.err.write(describeError(error));
    return ExitCode.failed;
  }
  if (usageError !== undefined) {
    if (helpText) ctx.err.write(`${helpText}\n`);
    else ctx.err.write(`${usageError}\n`);
    return ExitCode.usage;
  }
  if (helpText) ctx.out.write(`${helpText}\n`);
  return ctx.exitCode;
}
