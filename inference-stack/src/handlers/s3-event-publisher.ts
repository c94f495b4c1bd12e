// S3 ObjectCreated on requests/<id>.json -> one SNS message with attributes model and lane, which
// the lane subscriptions filter on.
import { isPredictionId } from '../domain/names.ts';
import type { RequestNotice, StoredRequest } from '../domain/prediction.ts';
import { getJson, type ObjectStore } from '../ports/object-store.ts';
import type { Topic } from '../ports/topic.ts';

export interface CreatedObject {
  readonly bucket: string;
  /** As S3 events carry it: URL-encoded, spaces as '+'. */
  readonly key: string;
}

export interface PublisherDeps {
  readonly store: ObjectStore;
  readonly topic: Topic;
  readonly requestsPrefix: string;
}

/** The skip reason of a request object that is not JSON. */
export const DAMAGED_REQUEST = 'damaged request object';

export interface PublishOutcome {
  readonly published: readonly string[];
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];
}

export async function publishCreatedRequests(
  objects: readonly CreatedObject[],
  deps: PublisherDeps,
): Promise<PublishOutcome> {
  const published: string[] = [];
  const skipped: { key: string; reason: string }[] = [];
  for (const object of objects) {
    const key = decodeURIComponent(object.key.replace(/\+/g, ' '));
    const id = key.startsWith(deps.requestsPrefix) ? key.slice(deps.requestsPrefix.length).replace(/\.json$/, '') : '';
    if (!isPredictionId(id) || key !== `${deps.requestsPrefix}${id}.json`) {
      skipped.push({ key, reason: 'not a request object' });
      continue;
    }
    let request: StoredRequest | undefined;
    try {
      request = await getJson<StoredRequest>(deps.store, key);
    } catch (error) {
      // A torn or edited object must not hold up the others: name it and go on.
      if (!(error instanceof SyntaxError)) throw error;
      skipped.push({ key, reason: `${DAMAGED_REQUEST}: ${error.message}` });
      continue;
    }
    if (!request) {
      skipped.push({ key, reason: 'request object not found' });
      continue;
    }
    const notice: RequestNotice = { id, key, model: request.model, lane: request.lane };
    await deps.topic.publish({
      body: JSON.stringify(notice),
      attributes: { model: request.model, lane: request.lane },
    });
    published.push(id);
  }
  return { published, skipped };
}
