// Runs the serving container's real entry point as a child process for tests, on a port of the
// test's choosing (0: any), and stops it afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../src/serving/main.ts', import.meta.url));

export interface RunningContainer {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly stderr: string[];
  stop(): Promise<void>;
}

/** `args`: how node starts the server. @default the TypeScript entry under tsx */
export async function runContainer(
  env: Record<string, string> = {},
  args: readonly string[] = ['--import', 'tsx', ENTRY],
): Promise<RunningContainer> {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MODEL_SERVER_HOST: '127.0.0.1', SAGEMAKER_BIND_TO_PORT: '0', ...env },
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`container exited with ${code}: ${stderr.join('\n')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; port: number };
      if (event.event === 'listening') resolve(event.port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
