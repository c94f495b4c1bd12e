// The 'fauxqs' data plane: fauxqs bound to 127.0.0.1 with the inference stack's resources, the AWS
// SDK adapters pointed at it, and the S3 event played by the platform. Everything lives in memory.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3ObjectStore } from '../../inference-stack/src/adapters/aws/s3-object-store.ts';
import { SnsTopic } from '../../inference-stack/src/adapters/aws/sns-topic.ts';
import { SqsQueue } from '../../inference-stack/src/adapters/aws/sqs-queue.ts';
import { publishCreatedRequests } from '../../inference-stack/src/handlers/s3-event-publisher.ts';
import type { DataPlane, DataPlaneOptions } from './data-plane.ts';
import { recoverAcceptedRequests } from './data-plane-recovery.ts';
import { listDeadLetters, redriveDeadLetters } from './dead-letters.ts';
import { type Emulator, startEmulator } from './emulator/fauxqs-emulator.ts';
import { type Provisioned, provision } from './emulator/provision.ts';
import { REQUESTS_PREFIX, RESULTS_PREFIX } from './lanes.ts';
import { NotifyingObjectStore } from './notifying-object-store.ts';
import { startRequestRetention } from './retention/request-retention.ts';
import { S3ObjectExpiry } from './retention/s3-object-expiry.ts';

/** Where the owner finds the emulator's endpoint and credentials (for the AWS CLI); 0600, printed nowhere. */
export const FAUXQS_CREDENTIALS_FILE = 'fauxqs-credentials.json';

export interface FauxqsDataPlane extends DataPlane {
  readonly emulator: Emulator;
  readonly resources: Provisioned;
}

export async function startFauxqsDataPlane(options: DataPlaneOptions): Promise<FauxqsDataPlane> {
  const emulator = await startEmulator();
  try {
    await saveCredentials(options.stateDir, emulator);
    const resources = await provision(emulator, {
      ...(options.maxReceiveCount !== undefined ? { maxReceiveCount: options.maxReceiveCount } : {}),
      ...(options.visibilityTimeoutSeconds !== undefined
        ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
        : {}),
    });
    const s3Store = new S3ObjectStore({ client: emulator.s3, bucket: resources.bucket });
    const requestsTopic = new SnsTopic({ client: emulator.sns, topicArn: resources.requestsTopicArn });
    const publish = async (keys: readonly string[]) => {
      const objects = keys.map((key) => ({ bucket: resources.bucket, key }));
      return (
        await publishCreatedRequests(objects, { store: s3Store, topic: requestsTopic, requestsPrefix: REQUESTS_PREFIX })
      ).skipped;
    };
    const store = new NotifyingObjectStore(s3Store, REQUESTS_PREFIX, async (key) => void (await publish([key])));
    const queue = (queueUrl: string) => new SqsQueue({ client: emulator.sqs, queueUrl });
    const lanes = resources.lanes.map((l) => l.lane);
    const queues = resources.lanes.map((l) => queue(l.queueUrl));
    const dlqs = resources.lanes.map((l) => queue(l.dlqUrl));
    const laneQueues = lanes.map((lane, i) => ({ lane, queue: queues[i]!, dlq: dlqs[i]! }));
    // The emulator has no lifecycle rules: the same retention as the 'local' plane, through S3.
    const retention = startRequestRetention({
      expiry: new S3ObjectExpiry(emulator.s3, resources.bucket),
      prefix: REQUESTS_PREFIX,
      ...(options.requestRetentionDays !== undefined ? { retentionDays: options.requestRetentionDays } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    return {
      kind: 'fauxqs',
      emulator,
      resources,
      store,
      resultsTopic: new SnsTopic({ client: emulator.sns, topicArn: resources.resultsTopicArn }),
      lanes,
      queues,
      dlqs,
      recover: (o = {}) =>
        recoverAcceptedRequests(
          { store: s3Store, publish, skipIds: new Set(), now: options.now, ...o },
          REQUESTS_PREFIX,
          RESULTS_PREFIX,
        ),
      expireRequests: () => retention.sweep(),
      deadLetters: () => listDeadLetters(laneQueues),
      redrive: (selection) => redriveDeadLetters(laneQueues, selection),
      stop: async () => {
        retention.stop();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

async function saveCredentials(stateDir: string, emulator: Emulator): Promise<void> {
  const path = join(stateDir, FAUXQS_CREDENTIALS_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  const body = { endpoint: emulator.endpoint, region: 'us-east-1', ...emulator.credentials };
  // Created 0600 before a byte is written, then renamed over the last start's file.
  await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temp, path);
}
