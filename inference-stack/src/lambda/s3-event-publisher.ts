// Lambda face: S3 ObjectCreated notifications on requests/ -> SNS requests topic.
import type { S3Event } from 'aws-lambda';
import { publishCreatedRequests } from '../handlers/s3-event-publisher.ts';
import { dataStore, prefixes, requestsTopic } from './env.ts';
import { logger } from './logger.ts';

export const handler = async (event: S3Event) => {
  const objects = event.Records.filter((r) => r.eventName.startsWith('ObjectCreated')).map((r) => ({
    bucket: r.s3.bucket.name,
    key: r.s3.object.key,
  }));
  const outcome = await publishCreatedRequests(objects, {
    store: dataStore(),
    topic: requestsTopic(),
    requestsPrefix: prefixes().requestsPrefix,
  });
  for (const skip of outcome.skipped) logger.warn('skipped object', { ...skip });
  return outcome;
};
