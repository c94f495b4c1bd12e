// The compile step's sample run, in a child process with a deadline and a memory ceiling. A model's
// session.run is synchronous native code: run in the platform's process, a model with an endless
// Loop froze the controller (and the health check, and SIGTERM), and one that allocates without
// bound took the platform down at every restart. Here a hang is killed at the deadline and an
// explosion fails an allocation under RLIMIT_DATA (or kills only the child); either way the
// compile fails with CompilationFailedError, which aborts that release once.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CompilationFailedError } from '../../ports/compiler.ts';
import type { compareOutputs, SampleComparison } from './sample-comparison.ts';

export interface SampleRunLimits {
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** RLIMIT_DATA of the child. @default 2 GiB */
  readonly memoryLimitBytes?: number;
}

type Answer = { ok: true; value: SampleComparison } | { ok: false; message: string };

export function compareOutputsIsolated(
  limits: SampleRunLimits,
  ...args: Parameters<typeof compareOutputs>
): Promise<SampleComparison> {
  const model = args[2].model;
  const timeoutMs = limits.timeoutMs ?? 60_000;
  const limitKb = Math.ceil((limits.memoryLimitBytes ?? 2 * 2 ** 30) / 1024);
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './sample-run-child.ts' : './sample-run-child.js',
    import.meta.url,
  );
  const nodeArgs = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'ulimit -d "$1" && shift && exec "$@"',
      'sh',
      String(limitKb),
      process.execPath,
      ...nodeArgs,
      fileURLToPath(entry),
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  return new Promise<SampleComparison>((resolve, reject) => {
    let answer: Answer | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message: Answer) => {
      answer = message;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // A model error is the rollout's to catch, except running out of the ceiling: that model
      // would do the same to the serving container at every request.
      const sampleError = answer?.ok ? (answer.value.sampleError ?? answer.value.optimisedError) : undefined;
      if (sampleError && /failed to allocate memory/i.test(sampleError))
        return reject(
          new CompilationFailedError(
            model,
            `the sample run exceeded the memory ceiling of ${Math.round(limitKb / 1024)} MiB: ${sampleError}`,
          ),
        );
      if (answer?.ok) return resolve(answer.value);
      if (answer) return reject(new CompilationFailedError(model, `the sample run failed: ${answer.message}`));
      const why = timedOut
        ? `the sample run did not finish within ${timeoutMs} ms (the model hangs or is far too slow)`
        : `the sample run crashed (${signal ? `signal ${signal}` : `exit code ${code}`})${lastLine(stderr)}`;
      reject(new CompilationFailedError(model, why));
    });
    child.send(args);
  });
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').pop();
  return line ? `: ${line.slice(0, 300)}` : '';
}
