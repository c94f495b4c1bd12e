// Runs once per `vitest run`: finds botocore's API models (one python3 call for the whole run) and,
// at the end, prints how many SDK inputs the run checked against them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { locateBotocore } from './botocore-models.js';

export default function setup(project: TestProject) {
  const location = locateBotocore();
  if (!location) {
    const message = 'API-model check: python3 botocore not found, SDK inputs are not validated against AWS API models';
    if (process.env.CI === 'true') throw new Error(`${message} (required when CI=true)`);
    console.warn(message);
  }
  const statsDir = mkdtempSync(join(tmpdir(), 'api-model-stats-'));
  project.provide('awsApiModels', location ? { ...location, statsDir } : undefined);
  return () => {
    const counts = new Map<string, number>();
    for (const file of readdirSync(statsDir)) {
      const byOperation = JSON.parse(readFileSync(join(statsDir, file), 'utf8')) as Record<string, number>;
      for (const [op, n] of Object.entries(byOperation)) counts.set(op, (counts.get(op) ?? 0) + n);
    }
    rmSync(statsDir, { recursive: true, force: true });
    if (!location) return;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `API-model check (botocore ${location.version}): ${total} SDK command inputs checked across ${counts.size} operations`,
    );
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    awsApiModels: { dataDir: string; version: string; statsDir: string } | undefined;
  }
}
