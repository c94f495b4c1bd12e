import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, InfraConfigError, readInfraConfig } from '../../src/stack/infra-config.ts';

describe('readInfraConfig', () => {
  it('uses the defaults when no mlrelease context is given', () => {
    expect(readInfraConfig(undefined)).toBe(DEFAULT_CONFIG);
  });

  it('overlays top-level settings and merges the pipeline block', () => {
    const config = readInfraConfig({ workerMemoryMb: 2048, pipeline: { requireApproval: false } });
    expect(config.workerMemoryMb).toBe(2048);
    expect(config.workerReservedConcurrency).toBe(DEFAULT_CONFIG.workerReservedConcurrency);
    expect(config.pipeline).toEqual({ source: DEFAULT_CONFIG.pipeline.source, requireApproval: false });
  });

  it('defines a standard and a priority lane by default', () => {
    expect(DEFAULT_CONFIG.lanes.map((l) => l.name)).toEqual(['standard', 'priority']);
  });

  it('rejects a context that is not an object', () => {
    expect(() => readInfraConfig('prod')).toThrow(InfraConfigError);
  });
});
