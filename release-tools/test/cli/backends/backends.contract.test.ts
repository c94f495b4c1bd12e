// Both CLI backends hand the controller the same facts: what `apply` records is what that
// platform's controller reads as desired state, and intents land where its controller looks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../../../model-registry/src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import { S3ManifestSource } from '../../../src/adapters/aws/s3-manifest-source.ts';
import { S3StateStore } from '../../../src/adapters/aws/s3-state-store.ts';
import { FileStateStore } from '../../../src/adapters/local/file-state-store.ts';
import { StateDesiredSource } from '../../../src/adapters/local/state-desired-source.ts';
import { awsBackend } from '../../../src/cli/backends/aws.ts';
import type { CliBackend } from '../../../src/cli/backends/cli-backend.ts';
import { localBackend } from '../../../src/cli/backends/local.ts';
import type { DesiredStateSource } from '../../../src/ports/desired-state.ts';
import type { StateStore } from '../../../src/ports/state-store.ts';
import { fakeS3 } from '../aws/fake-aws.ts';

const TEXT = `apiVersion: mlrelease/v1
# comments survive on AWS, where the controller parses the text itself
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults: { compile: { target: ml_c5 }, release: { strategy: all-at-once } }
models:
  - { name: fraud, version: 1.2.0, artifact: m/fraud.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`;

function manifest(): Manifest {
  const result = loadManifest(TEXT, 'models.yaml');
  if (!result.ok) throw new Error('fixture invalid');
  return result.manifest;
}

interface Fixture {
  readonly backend: CliBackend;
  /** What the controller of this platform reads. */
  readonly desired: DesiredStateSource;
  readonly controllerStore: StateStore;
  readonly done: () => Promise<void>;
}

function backendContract(name: string, setup: () => Promise<Fixture>): void {
  describe(`${name} CLI backend (contract)`, () => {
    it('records models.yaml where its controller reads the same desired state', async () => {
      const f = await setup();

      await f.backend.recordDesired({
        manifest: manifest(),
        text: TEXT,
        source: '/repo/models.yaml',
        who: 'al',
        appliedAt: 5,
      });

      expect(await f.desired.read()).toEqual(manifest());
      await f.done();
    });

    it('keeps rollout state where its controller keeps it', async () => {
      const f = await setup();

      await f.backend.stateStore().put('intents/fraud', { model: 'fraud', intents: [] }, null);

      expect((await f.controllerStore.get('intents/fraud'))?.value).toEqual({ model: 'fraud', intents: [] });
      await f.done();
    });
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

backendContract('local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'backend-'));
  dirs.push(dir);
  const store = new FileStateStore(join(dir, 'state'));
  return {
    backend: localBackend(dir),
    desired: new StateDesiredSource(store),
    controllerStore: store,
    done: async () => undefined,
  };
});

backendContract('aws', async () => {
  const s3 = fakeS3();
  const client = new S3Client({ region: 'eu-west-1' });
  return {
    backend: awsBackend({ STATE_BUCKET: 'state', MANIFEST_KEY: 'desired/models.yaml' }),
    // As controllerFromEnv builds them.
    desired: new S3ManifestSource(client, 'state', 'desired/models.yaml'),
    controllerStore: new S3StateStore({ client, bucket: 'state' }),
    done: async () => s3.mock.restore(),
  };
});
