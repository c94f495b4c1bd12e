import { describe, expect, it } from 'vitest';
import { InfraConfigError, readInfraConfig } from '../../src/stack/infra-config.ts';

describe('readInfraConfig', () => {
  // The defaults a cdk.json without an mlrelease block deploys, written out (README, "Configuration").
  const defaults = {
    envName: 'prod',
    workerMemoryMb: 1024,
    lambdaConcurrencyQuota: 1000,
    workerBatchSize: 10,
    workerBatchingWindowSeconds: 1,
    lanes: [
      { name: 'standard', maxAgeSeconds: 300 },
      { name: 'priority', maxAgeSeconds: 30 },
    ],
    requestRetentionDays: 7,
    resultsTieringDays: 0,
    apiThrottle: { rateLimit: 100, burstLimit: 200 },
    controllerSchedule: 'rate(1 minute)',
    pipeline: {
      source: { kind: 'codestar', owner: 'your-github-org', repo: 'model-release', branch: 'main' },
      requireApproval: true,
    },
  };

  it('uses the defaults when no mlrelease context is given: a standard and a priority lane, approval required', () => {
    expect(readInfraConfig(undefined)).toEqual(defaults);
    expect(readInfraConfig(null)).toEqual(defaults);
  });

  it('overlays top-level settings and merges the pipeline block', () => {
    const config = readInfraConfig({ workerMemoryMb: 2048, pipeline: { requireApproval: false } });

    expect(config).toEqual({
      ...defaults,
      workerMemoryMb: 2048,
      pipeline: { source: defaults.pipeline.source, requireApproval: false },
    });
  });

  it('rejects a context that is not an object', () => {
    expect(() => readInfraConfig('prod')).toThrow(InfraConfigError);
  });
});
