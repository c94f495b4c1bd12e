// Every Lambda entry point the CDK app bundles, in one place. Each file exports `handler`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const LAMBDA_ENTRIES = {
  submit: join(root, 'inference-stack/src/lambda/submit.ts'),
  s3EventPublisher: join(root, 'inference-stack/src/lambda/s3-event-publisher.ts'),
  worker: join(root, 'inference-stack/src/lambda/worker.ts'),
  getPrediction: join(root, 'inference-stack/src/lambda/get-prediction.ts'),
  invokeSync: join(root, 'inference-stack/src/lambda/invoke-sync.ts'),
  mirror: join(root, 'inference-stack/src/lambda/mirror.ts'),
  authorizer: join(root, 'inference-stack/src/lambda/authorizer.ts'),
  controller: join(root, 'release-tools/src/lambda/controller.ts'),
} as const;

export type LambdaEntry = keyof typeof LAMBDA_ENTRIES;

/** The repository root, where package-lock.json lives (esbuild bundles from here). */
export const PROJECT_ROOT = root;
