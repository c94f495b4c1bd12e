// Every `mlrelease` command, in --help order. Add a command by adding its factory here.
import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { compileCommand } from './compile.ts';
import { planCommand } from './plan.ts';
import { registerCommand } from './register.ts';
import { registryCommand } from './registry.ts';
import { validateCommand } from './validate.ts';

// biome-ignore lint/suspicious/noExplicitAny: each command has its own argument type
export const commandFactories: Array<(ctx: CliContext) => CommandModule<GlobalArgs, any>> = [
  validateCommand,
  planCommand,
  compileCommand,
  registerCommand,
  registryCommand,
];
