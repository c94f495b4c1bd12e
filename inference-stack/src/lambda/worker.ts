// Lambda face: SQS lane queue -> worker core, with ReportBatchItemFailures. Shadow releases mirror
// within the same invocation, after each result is stored (handlers/mirror-after-result.ts): the
// batch returns once the mirror is done or its deadline has passed.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logFailure, processBatch } from '../handlers/worker.ts';
import {
  dataStore,
  deadLetterNotes,
  metricSink,
  modelHost,
  prefixes,
  resultsTopic,
  routeCache,
  shadowMirror,
} from './env.ts';
import { logger } from './logger.ts';

export const handler = async (
  event: SQSEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SQSBatchResponse> => {
  const mirror = shadowMirror(context, (error) => logger.warn('mirrored request dropped', { error }));
  const response = await processBatch(
    event.Records.map((r) => {
      const receiveCount = Number(r.attributes?.ApproximateReceiveCount);
      return { messageId: r.messageId, body: r.body, ...(Number.isFinite(receiveCount) ? { receiveCount } : {}) };
    }),
    {
      store: dataStore(),
      routes: routeCache(),
      host: modelHost(),
      metrics: metricSink(),
      resultsTopic: resultsTopic(),
      ...prefixes(),
      random: Math.random,
      now: Date.now,
      onError: (messageId, error) => logFailure(logger, messageId, error),
      ...(mirror ? { mirror } : {}),
      // The last allowed receive announces the dead letter by version (the DeadLettered metric).
      ...(deadLetterNotes() ? { deadLetters: deadLetterNotes()! } : {}),
    },
  );
  if (mirror) {
    const outcome = await mirror.finish();
    if (outcome.dropped > 0) logger.warn('shadow mirror dropped work', { ...outcome });
  }
  return response;
};
