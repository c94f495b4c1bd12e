// `mlrelease dlq list|redrive`: the running local platform's dead letters, through its admin API.
// The platform says where it answers (and gives an admin token) in <state-dir>/platform.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { type CliContext, ExitCode, type GlobalArgs, printJson, stateDirOf } from '../context.ts';

interface ListArgs extends GlobalArgs {
  lane?: string;
}
interface RedriveArgs extends ListArgs {
  id?: string[];
}

interface DeadLetterLane {
  lane: string;
  count: number;
  entries: {
    id: string;
    reason: string;
    receiveCount: number;
    requestId?: string;
    target?: { model: string; version: string };
  }[];
}

class NoPlatformError extends Error {
  override readonly name = 'NoPlatformError';
}

async function callPlatform(ctx: CliContext, args: GlobalArgs, method: 'GET' | 'POST', path: string, body?: unknown) {
  const file = join(stateDirOf(ctx, args), 'platform.json');
  let platform: { url: string; token: string };
  try {
    platform = JSON.parse(await readFile(file, 'utf8')) as { url: string; token: string };
  } catch (error) {
    throw new NoPlatformError(`no local platform is running (${file} not found); start one with \`npm start\``, {
      cause: error,
    });
  }
  let response: Response;
  try {
    response = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${platform.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new NoPlatformError(
      `no local platform answers at ${platform.url} (${file} is stale: was the platform killed?)`,
      { cause: error },
    );
  }
  const payload = (await response.json()) as unknown;
  if (!response.ok) {
    const message = (payload as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`;
    throw new Error(`the platform refused: ${message}`);
  }
  return payload;
}

function guarded(ctx: CliContext, run: () => Promise<void>): Promise<void> {
  return run().catch((error: unknown) => {
    ctx.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
    ctx.exitCode = ExitCode.failed;
  });
}

export function renderDeadLetters(lanes: readonly DeadLetterLane[]): string {
  return lanes
    .map((l) =>
      [
        `${l.lane}: ${l.count} dead letter${l.count === 1 ? '' : 's'}`,
        ...l.entries.map(
          (e) =>
            `  ${e.id}  receives=${e.receiveCount}${e.requestId ? `  request=${e.requestId}` : ''}  version=${e.target?.version ?? 'unknown'}  reason: ${e.reason}`,
        ),
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}

export function dlqCommand(ctx: CliContext): CommandModule<GlobalArgs, GlobalArgs> {
  const laneOption = (y: Argv<GlobalArgs>) => y.option('lane', { type: 'string', describe: 'only this lane' });
  const list: CommandModule<GlobalArgs, ListArgs> = {
    command: 'list',
    describe: "List the running platform's dead letters per lane, with why each failed",
    builder: (y) => laneOption(y) as Argv<ListArgs>,
    handler: (args) =>
      guarded(ctx, async () => {
        const { lanes } = (await callPlatform(ctx, args, 'GET', '/v1/admin/dlq')) as { lanes: DeadLetterLane[] };
        const shown = lanes.filter((l) => args.lane === undefined || l.lane === args.lane);
        if (args.json) printJson(ctx, { lanes: shown });
        else ctx.out.write(renderDeadLetters(shown));
      }),
  };
  const redrive: CommandModule<GlobalArgs, RedriveArgs> = {
    command: 'redrive',
    describe: 'Send dead letters back to their lane (all, or one lane, or --id ...)',
    builder: (y) =>
      laneOption(y).option('id', {
        type: 'string',
        array: true,
        describe: 'message id (repeatable)',
      }) as Argv<RedriveArgs>,
    handler: (args) =>
      guarded(ctx, async () => {
        const body = { ...(args.lane ? { lane: args.lane } : {}), ...(args.id ? { ids: args.id } : {}) };
        const outcome = (await callPlatform(ctx, args, 'POST', '/v1/admin/dlq/redrive', body)) as {
          redriven: { lane: string; id: string }[];
        };
        if (args.json) printJson(ctx, outcome);
        else
          ctx.out.write(
            `re-drove ${outcome.redriven.length} message(s)${outcome.redriven.map((r) => `\n  ${r.lane}  ${r.id}`).join('')}\n`,
          );
      }),
  };
  return {
    command: 'dlq <command>',
    describe: 'Dead letters of the running local platform: list, redrive',
    builder: (y) => y.command(list).command(redrive).demandCommand(1, 'Name a dlq command') as Argv<GlobalArgs>,
    handler: () => {},
  };
}
