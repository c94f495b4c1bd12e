// Lambda face: SQS lane queue -> worker core, with ReportBatchItemFailures.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logFailure, processBatch } from '../handlers/worker.ts';
import { dataStore, metricSink, modelHost, prefixes, resultsTopic, routeCache } from './env.ts';
import { logger } from './logger.ts';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processBatch(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
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
    },
  );
