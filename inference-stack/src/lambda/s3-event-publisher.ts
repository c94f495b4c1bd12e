// Lambda face: S3 ObjectCreated notifications on requests/ -> SNS requests topic.
import type { S3Event } from 'aws-lambda';
import { publishCreatedRequests } from '../handlers/s3-event-publisher.ts';
import { dataStore, prefixes, requestsTopic } from './env.ts';

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
  for (const skip of outcome.skipped)
    console.warn(JSON.stringify({ level: 'WARN', message: 'skipped object', ...skip }));
  return outcome;
};
