// yargs runs a command's handler before it has finished checking the command line: the root's
// strict check (unknown flags such as `--resaon`) fails only after the handler returned, so a
// typo used to pause a rollout and then exit 2. Here no handler ever runs inside yargs: every
// handler registered on the parser, nested ones (`registry show`) and ones added later included,
// only records what to run; app.ts runs it once the whole command line parsed cleanly.
import type { Argv } from 'yargs';

type Handler = (args: unknown) => unknown;

/** The handler the command line chose, with its parsed arguments; set only by a complete parse. */
export interface ChosenCommand {
  run?: () => Promise<void>;
}

interface CommandRegistry {
  addHandler(cmd: unknown, description: unknown, builder: unknown, handler: unknown, ...rest: unknown[]): void;
}

export function deferHandlers(parser: Argv, chosen: ChosenCommand): void {
  // Every way of adding a command (module object, builder object, string + handler, nested
  // builders) ends in this one method with the handler as a function.
  const registry = (parser as unknown as { getInternalMethods(): { getCommandInstance(): CommandRegistry } })
    .getInternalMethods()
    .getCommandInstance();
  const add = registry.addHandler.bind(registry);
  registry.addHandler = (cmd, description, builder, handler, ...rest) => {
    const deferred =
      typeof handler === 'function'
        ? (args: unknown) => {
            chosen.run = async () => {
              await (handler as Handler)(args);
            };
          }
        : handler;
    add(cmd, description, builder, deferred, ...rest);
  };
}
