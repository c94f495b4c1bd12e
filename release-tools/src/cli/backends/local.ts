// The local backend: everything under the state dir (default .mlrelease/), as `npm start` uses it.
import { join } from 'node:path';
import { localRegistryAdapters } from '../../../../model-registry/src/local-adapters.ts';
import { FileStateStore } from '../../adapters/local/file-state-store.ts';
import { StateDesiredSource } from '../../adapters/local/state-desired-source.ts';
import type { CliBackend } from './cli-backend.ts';

export function localBackend(stateDir: string): CliBackend {
  const store = new FileStateStore(join(stateDir, 'state'));
  const registry = () => localRegistryAdapters(stateDir);
  return {
    kind: 'local',
    stateStore: () => store,
    async recordDesired({ text: _text, ...applied }) {
      await new StateDesiredSource(store).record(applied);
      return join(stateDir, 'state');
    },
    compileAdapters: () => {
      const { artifacts, compiler } = registry();
      return { artifacts, compiler };
    },
    modelRegistry: () => registry().registry,
    // The local controller compiles and registers through the same registry itself
    // (RegistryReleasePreparer), so there is nothing to hand over.
    recordPrepared: async () => undefined,
  };
}
