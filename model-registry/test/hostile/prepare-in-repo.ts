// The local Validate/Compile/Register step on a repo a hostile test has laid out: the first model
// of `manifestText`, prepared into `<repo>/.mlrelease` by `who`.
import { join } from 'node:path';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { localRegistryAdapters } from '../../src/local-adapters.ts';
import { prepareRelease } from '../../src/prepare-release.ts';

export function prepareFirstModelInRepo(repo: string, manifestText: string, who: string) {
  const loaded = loadManifest(manifestText);
  if (!loaded.ok) throw new Error('fixture manifest is invalid');
  return prepareRelease(loaded.manifest.models[0]!, {
    ...localRegistryAdapters(join(repo, '.mlrelease')),
    manifestDir: repo,
    endpoint: loaded.manifest.endpoint,
    clock: () => new Date(0),
    who,
    commit: 'abc1234',
  });
}
