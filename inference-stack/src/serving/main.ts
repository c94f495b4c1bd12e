// The serving container's entry point (the image's CMD, and the child process `npm start` runs).
// SAGEMAKER_BIND_TO_PORT (default 8080; 0 picks a free port), MODEL_SERVER_HOST (default 0.0.0.0),
// MODEL_SERVER_MEMORY_CAP_BYTES (model bytes kept loaded; default 1 GiB),
// MODEL_SERVER_MEMORY_LIMIT_BYTES (everything the inference process may allocate; default 2 GiB),
// MODEL_SERVER_INVOKE_TIMEOUT_MS (per-inference deadline; default 60000).
// Prints one JSON line {"event":"listening","port":N,"pid":P} on stdout when it accepts requests.
// Started with an IPC channel (by `npm start`), it exits when the channel closes: its parent died.
import { InferenceProcess } from './inference-process.ts';
import { startModelServer } from './model-server.ts';

const port = Number(process.env.SAGEMAKER_BIND_TO_PORT ?? 8080);
const memoryCapBytes = Number(process.env.MODEL_SERVER_MEMORY_CAP_BYTES ?? 2 ** 30);
const log = (line: string) => process.stderr.write(`model-server: ${line}\n`);

const setting = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const memoryLimitBytes = setting('MODEL_SERVER_MEMORY_LIMIT_BYTES');
const invokeTimeoutMs = setting('MODEL_SERVER_INVOKE_TIMEOUT_MS');
// The inference process is restarted by its handle when it dies or is killed at a deadline.
const inference = new InferenceProcess({
  memoryCapBytes,
  ...(memoryLimitBytes ? { memoryLimitBytes } : {}),
  ...(invokeTimeoutMs ? { invokeTimeoutMs } : {}),
  log,
});
const server = await startModelServer({ inference, port, host: process.env.MODEL_SERVER_HOST ?? '0.0.0.0', log });
process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.port, pid: process.pid })}\n`);

const stop = async () => {
  await server.close();
  await inference.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Run by `npm start` (with an IPC channel): its parent's death closes the channel, and a container
// left behind would hold its port, its memory and its inference process. Without a channel (the
// image on SageMaker) this does nothing.
if (process.send) {
  process.on('disconnect', () => {
    log('parent process is gone; stopping');
    setTimeout(() => process.exit(1), 5_000).unref();
    void stop();
  });
}
