// The asynchronous path in one process: fauxqs bound to 127.0.0.1 with the inference stack's
// resources, the AWS SDK adapters pointed at it, and the S3 event played by the platform.
import { S3ObjectStore } from '../../inference-stack/src/adapters/aws/s3-object-store.ts';
import { SnsTopic } from '../../inference-stack/src/adapters/aws/sns-topic.ts';
import { SqsQueue } from '../../inference-stack/src/adapters/aws/sqs-queue.ts';
import { publishCreatedRequests } from '../../inference-stack/src/handlers/s3-event-publisher.ts';
import type { ObjectStore } from '../../inference-stack/src/ports/object-store.ts';
import type { Topic } from '../../inference-stack/src/ports/topic.ts';
import { type Emulator, startEmulator } from './emulator/fauxqs-emulator.ts';
import { type Provisioned, type ProvisionOptions, provision } from './emulator/provision.ts';
import { NotifyingObjectStore } from './notifying-object-store.ts';

export const REQUESTS_PREFIX = 'requests/';
export const RESULTS_PREFIX = 'results/';

export interface DataPlane {
  readonly emulator: Emulator;
  readonly resources: Provisioned;
  /** Writes under requests/ publish the S3 event, as S3 -> Lambda would. */
  readonly store: ObjectStore;
  readonly resultsTopic: Topic;
  readonly queues: readonly SqsQueue[];
  readonly dlqs: readonly SqsQueue[];
  stop(): Promise<void>;
}

export async function startDataPlane(options: ProvisionOptions = {}): Promise<DataPlane> {
  const emulator = await startEmulator();
  try {
    const resources = await provision(emulator, options);
    const s3Store = new S3ObjectStore({ client: emulator.s3, bucket: resources.bucket });
    const requestsTopic = new SnsTopic({ client: emulator.sns, topicArn: resources.requestsTopicArn });
    const store = new NotifyingObjectStore(s3Store, REQUESTS_PREFIX, async (key) => {
      await publishCreatedRequests([{ bucket: resources.bucket, key }], {
        store: s3Store,
        topic: requestsTopic,
        requestsPrefix: REQUESTS_PREFIX,
      });
    });
    const queue = (queueUrl: string) => new SqsQueue({ client: emulator.sqs, queueUrl });
    return {
      emulator,
      resources,
      store,
      resultsTopic: new SnsTopic({ client: emulator.sns, topicArn: resources.resultsTopicArn }),
      queues: resources.lanes.map((l) => queue(l.queueUrl)),
      dlqs: resources.lanes.map((l) => queue(l.dlqUrl)),
      stop: () => emulator.stop(),
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
