// validate + plan of a generated models.yaml with 1,000 models (target < 200 ms).
import { loadManifest } from '../model-registry/src/domain/manifest/load-manifest.ts';
import { type DeployedModel, planRelease } from '../model-registry/src/domain/plan.ts';
import { type BenchRow, medianMs } from './bench-row.ts';
import { generateManifest } from './fixtures/generate-manifest.ts';

export default async function run(): Promise<BenchRow[]> {
  const text = generateManifest(1000);
  // Half the models are deployed at an older version, so the plan has real releases to describe.
  const deployed: DeployedModel[] = Array.from({ length: 1000 }, (_, i) => ({
    name: `model-${i}`,
    stableVersion: i % 2 === 0 ? `1.${i % 7}.0` : '0.9.0',
  }));
  let releases = 0;
  const validate = await medianMs(15, () => loadManifest(text));
  const both = await medianMs(15, () => {
    const result = loadManifest(text);
    if (!result.ok) throw new Error('generated manifest must be valid');
    releases = planRelease(result.manifest, deployed).summary.release;
  });
  return [
    {
      name: 'validate 1,000-model models.yaml',
      value: validate,
      unit: 'ms',
      notes: `${(text.length / 1024).toFixed(0)} KiB, median of 15`,
    },
    {
      name: 'validate + plan 1,000 models',
      value: both,
      unit: 'ms',
      target: '< 200 ms',
      ok: both < 200,
      notes: `${releases} releases planned`,
    },
  ];
}
