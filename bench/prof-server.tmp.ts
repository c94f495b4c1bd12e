import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyOnnxModel } from '../inference-stack/test/support/tiny-onnx-model.ts';
import { startPlatform } from '../local/src/platform.ts';

const dir = await mkdtemp(join(tmpdir(), 'prof-'));
await mkdir(join(dir, 'models'));
await writeFile(join(dir, 'models/m.onnx'), tinyOnnxModel({ width: 30, weight: 0.1 }));
await writeFile(
  join(dir, 'models.yaml'),
  `apiVersion: mlrelease/v1
endpoint: { name: bench, instanceType: ml.c5.xlarge, instances: { min: 1, max: 1 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: all-at-once, gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 10 } }
models:
  - name: bench
    version: 1.0.0
    artifact: models/m.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30], maxBatch: 8 }
`,
);
const p = await startPlatform({
  port: 18090,
  stateDir: join(dir, 'state'),
  manifestPath: join(dir, 'models.yaml'),
  dataPlane: 'local',
  limits: { ratePerSecond: 1e6, burst: 1e6 },
  worker: { waitSeconds: 1 },
});
await writeFile('/tmp/prof/token', p.devToken);
console.log('ready');
setTimeout(async () => {
  await p.stop();
  process.exit(0);
}, 25000);
