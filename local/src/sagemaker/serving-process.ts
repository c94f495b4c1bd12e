// Runs the serving container (inference-stack/src/serving/main.ts) as a child process, as SageMaker
// runs the image: restarted whenever it dies, with what happened said in the log. Callers wait for
// `url()`, which resolves once an incarnation accepts requests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../../inference-stack/src/serving/main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServingProcessOptions {
  /** Model bytes the container keeps loaded before it answers 507. @default 512 MiB */
  readonly memoryCapBytes?: number;
  /** Everything the container's inference process may allocate (RLIMIT_DATA). @default 2 GiB */
  readonly memoryLimitBytes?: number;
  /**
   * Per-inference deadline in the container; below the endpoint's own 60 s so a hung model answers
   * ModelTimeout (a failed result) rather than a dropped connection (a retry). @default 30000
   */
  readonly invokeTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** How long a start may take before it counts as failed. @default 60000 */
  readonly startTimeoutMs?: number;
  /** First restart delay; doubles while restarts keep failing, up to 5 s. @default 100 */
  readonly restartDelayMs?: number;
}

export class ServingProcessStoppedError extends Error {
  override readonly name = 'ServingProcessStoppedError';
}

export class ServingProcess {
  private child: ChildProcess | undefined;
  private current: Promise<string>;
  private resolveCurrent: ((url: string) => void) | undefined;
  private rejectCurrent: ((error: Error) => void) | undefined;
  private stopping = false;
  private delayMs: number;
  /** Increments at every start; models loaded by an earlier incarnation are gone. */
  incarnation = 0;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ServingProcessOptions = {}) {
    this.log = options.log ?? (() => {});
    this.delayMs = options.restartDelayMs ?? 100;
    this.current = this.pendingUrl();
  }

  /** Starts the first incarnation and waits until it accepts requests. */
  async start(): Promise<string> {
    this.spawnOne();
    return this.current;
  }

  /** The base URL of the live incarnation; waits through a restart. */
  url(): Promise<string> {
    if (this.stopping) return Promise.reject(new ServingProcessStoppedError('the serving container was stopped'));
    return this.current;
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.rejectCurrent?.(new ServingProcessStoppedError('the serving container was stopped'));
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private pendingUrl(): Promise<string> {
    const pending = new Promise<string>((resolve, reject) => {
      this.resolveCurrent = (url) => {
        this.resolveCurrent = undefined;
        resolve(url);
      };
      this.rejectCurrent = reject;
    });
    pending.catch(() => {}); // nobody may be waiting when stop() rejects it
    return pending;
  }

  private spawnOne(): void {
    const startedAt = performance.now();
    const incarnation = ++this.incarnation;
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: REPO_ROOT,
      // The IPC channel carries nothing: it closes when this process dies, even by SIGKILL, and
      // the container exits then rather than live on as an orphan (see serving/main.ts).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        SAGEMAKER_BIND_TO_PORT: '0',
        MODEL_SERVER_HOST: '127.0.0.1',
        MODEL_SERVER_MEMORY_CAP_BYTES: String(this.options.memoryCapBytes ?? 512 * 2 ** 20),
        MODEL_SERVER_MEMORY_LIMIT_BYTES: String(this.options.memoryLimitBytes ?? 2 * 2 ** 30),
        MODEL_SERVER_INVOKE_TIMEOUT_MS: String(this.options.invokeTimeoutMs ?? 30_000),
      },
    });
    this.child = child;
    const timeout = setTimeout(() => {
      this.log(`serving container (pid ${child.pid}) did not start within ${this.options.startTimeoutMs ?? 60_000} ms`);
      child.kill('SIGKILL');
    }, this.options.startTimeoutMs ?? 60_000);
    createInterface({ input: child.stderr! }).on('line', (line) => this.log(line));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = parseEvent(line);
      if (event?.event !== 'listening') return;
      clearTimeout(timeout);
      this.delayMs = this.options.restartDelayMs ?? 100;
      const ms = Math.round(performance.now() - startedAt);
      if (incarnation > 1)
        this.log(
          `serving container restarted: pid ${event.pid}, port ${event.port}, up in ${ms} ms; models reload on first use`,
        );
      this.resolveCurrent?.(`http://127.0.0.1:${event.port}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      if (this.stopping) return;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      this.log(`serving container (pid ${child.pid}) exited with ${how}; restarting in ${this.delayMs} ms`);
      // Calls from now on wait for the next incarnation rather than hit a dead port (a start
      // that failed before listening keeps the promise its callers already wait on).
      if (!this.resolveCurrent) this.current = this.pendingUrl();
      setTimeout(() => {
        if (!this.stopping) this.spawnOne();
      }, this.delayMs).unref();
      this.delayMs = Math.min(this.delayMs * 2, 5_000);
    });
  }
}

function parseEvent(line: string): { event?: string; port?: number; pid?: number } | undefined {
  try {
    return JSON.parse(line) as { event?: string; port?: number; pid?: number };
  } catch {
    return undefined;
  }
}
