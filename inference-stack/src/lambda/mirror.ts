// Lambda face of the mirror function: the mirror queue -> the candidate, compared with stable's
// answer, the pairs written as one batch per model and candidate version under mirror/. Bounded as
// the worker's mirror is (env.ts shadowMirror); every message is acknowledged: mirrored work is
// dropped and counted, never retried.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { offerMirrorJobs } from '../handlers/mirror-jobs.ts';
import { env, shadowMirror } from './env.ts';
import { logger } from './logger.ts';

export const handler = async (
  event: SQSEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SQSBatchResponse> => {
  const mirror = shadowMirror(context, (error) => logger.warn('mirrored request dropped', { error }));
  if (!mirror) throw new Error('MIRROR_BUCKET is not set: the mirror function has nowhere to write pairs');
  offerMirrorJobs(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
    {
      mirror,
      now: Date.now,
      maxAgeMs: Number(env('MIRROR_MAX_AGE_MS', '300000')),
      onError: (messageId, error) => logger.error('unreadable mirror message dropped', { messageId, error }),
    },
  );
  const outcome = await mirror.finish();
  if (outcome.dropped > 0) logger.warn('shadow mirror dropped work', { ...outcome });
  return { batchItemFailures: [] };
};
