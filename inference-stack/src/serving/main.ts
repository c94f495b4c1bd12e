// The serving container's entry point (the image's CMD, and the child process `npm start` runs).
// SAGEMAKER_BIND_TO_PORT (default 8080; 0 picks a free port), MODEL_SERVER_HOST (default 0.0.0.0),
// MODEL_SERVER_MEMORY_CAP_BYTES (model bytes kept loaded; default 1 GiB).
// Prints one JSON line {"event":"listening","port":N,"pid":P} on stdout when it accepts requests.
import { InferenceThread } from './inference-thread.ts';
import { startModelServer } from './model-server.ts';

const port = Number(process.env.SAGEMAKER_BIND_TO_PORT ?? 8080);
const memoryCapBytes = Number(process.env.MODEL_SERVER_MEMORY_CAP_BYTES ?? 2 ** 30);
const log = (line: string) => process.stderr.write(`model-server: ${line}\n`);

// A dead inference thread leaves nothing to serve: exit non-zero so SageMaker (or npm start) restarts us.
const inference = new InferenceThread({
  memoryCapBytes,
  onExit: (error) => {
    log(error.message);
    process.exit(70);
  },
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
