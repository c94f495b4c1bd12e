// Every `mlrelease` command, in --help order. Add a command by adding its factory here.
import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.ts';
import { abortCommand } from './abort.ts';
import { applyCommand } from './apply.ts';
import { approveCommand } from './approve.ts';
import { compileCommand } from './compile.ts';
import { controllerCommand } from './controller.ts';
import { dlqCommand } from './dlq.ts';
import { doctorCommand } from './doctor.ts';
import { historyCommand } from './history.ts';
import { pauseCommand } from './pause.ts';
import { pipelineCommand } from './pipeline.ts';
import { planCommand } from './plan.ts';
import { promoteCommand } from './promote.ts';
import { registerCommand } from './register.ts';
import { registryCommand } from './registry.ts';
import { resumeCommand } from './resume.ts';
import { retryCommand } from './retry.ts';
import { rollbackCommand } from './rollback.ts';
import { statusCommand } from './status.ts';
import { trafficCommand } from './traffic.ts';
import { validateCommand } from './validate.ts';

// biome-ignore lint/suspicious/noExplicitAny: each command has its own argument type
export const commandFactories: Array<(ctx: CliContext) => CommandModule<GlobalArgs, any>> = [
  validateCommand,
  planCommand,
  compileCommand,
  registerCommand,
  registryCommand,
  applyCommand,
  statusCommand,
  promoteCommand,
  rollbackCommand,
  pauseCommand,
  resumeCommand,
  abortCommand,
  retryCommand,
  approveCommand,
  historyCommand,
  controllerCommand,
  dlqCommand,
  trafficCommand,
  pipelineCommand,
  doctorCommand,
];
