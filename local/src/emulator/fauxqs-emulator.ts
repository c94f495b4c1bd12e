// In-process S3/SNS/SQS (fauxqs) so the local platform runs the very AWS SDK adapters used in Lambda.
// Bound to 127.0.0.1 (fauxqs' own starter binds 0.0.0.0), logger off.
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { installConditionalPut } from './conditional-put.ts';
import { type EmulatorCredentials, newEmulatorCredentials, requireAccessKey } from './require-access-key.ts';

export interface Emulator {
  readonly endpoint: string;
  /** The only credentials the emulator answers (require-access-key.ts). */
  readonly credentials: EmulatorCredentials;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  stop(): Promise<void>;
}

export async function startEmulator(
  options: { port?: number; credentials?: EmulatorCredentials } = {},
): Promise<Emulator> {
  const app = buildApp({ logger: false });
  const credentials = options.credentials ?? newEmulatorCredentials();
  // First: a caller without the platform's key reaches nothing, not even the conditional-put check.
  requireAccessKey(app, credentials.accessKeyId);
  installConditionalPut(app);
  const endpoint = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials,
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  // Queue URLs carry the emulator's host; keep requests on the configured endpoint regardless.
  const sqs = new SQSClient({ ...config, useQueueUrlAsEndpoint: false });
  const sns = new SNSClient(config);
  return {
    endpoint,
    credentials,
    s3,
    sns,
    sqs,
    async stop() {
      for (const client of [s3, sqs, sns]) client.destroy();
      await app.close();
    },
  };
}
