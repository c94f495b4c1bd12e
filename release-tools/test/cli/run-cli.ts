// Runs the CLI in-process with captured streams, for tests.
import { runCli } from '../../src/cli/app.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runMlrelease(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: { write: (chunk: string) => (out += chunk) },
    err: { write: (chunk: string) => (err += chunk) },
    env,
    cwd,
  });
  return { code, out, err };
}
