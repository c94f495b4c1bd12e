// The serving container as `npm start` runs it: a child process (restarted when it dies) and the
// local multi-model endpoint that calls it through the contract.
import { join } from 'node:path';
import type { ArtifactStore } from '../../../model-registry/src/ports/artifact-store.ts';
import { LocalMultiModelEndpoint } from './local-multi-model-endpoint.ts';
import { ServingProcess } from './serving-process.ts';

export interface LocalServing {
  readonly endpoint: LocalMultiModelEndpoint;
  readonly container: ServingProcess;
  /** Resolves with the container's URL once its first incarnation accepts requests. */
  readonly ready: Promise<string>;
  close(): Promise<void>;
}

export function startLocalServing(options: {
  readonly artifacts: Pick<ArtifactStore, 'get'>;
  readonly stateDir: string;
  /** @default 512 MiB */
  readonly memoryCapBytes?: number;
  readonly log?: (line: string) => void;
}): LocalServing {
  const container = new ServingProcess({
    ...(options.memoryCapBytes !== undefined ? { memoryCapBytes: options.memoryCapBytes } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const ready = container.start();
  ready.catch(() => {}); // a failed start surfaces in the calls that wait for it
  const endpoint = new LocalMultiModelEndpoint({
    container,
    artifacts: options.artifacts,
    modelsDir: join(options.stateDir, 'serving', 'models'),
  });
  return { endpoint, container, ready, close: () => container.stop() };
}
