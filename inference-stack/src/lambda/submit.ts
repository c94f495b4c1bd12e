// Lambda face of POST /v1/models/{model}/predictions.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { submitPrediction } from '../handlers/submit.ts';
import { serve } from './api-gateway.ts';
import { catalog, dataStore, env, lanes, newId, prefixes, routeCache } from './env.ts';

export const handler = (event: APIGatewayProxyEvent) =>
  serve(event, async (request) =>
    submitPrediction(request, {
      store: dataStore(),
      catalog: await catalog(),
      routes: routeCache(),
      lanes: lanes(),
      requestsPrefix: prefixes().requestsPrefix,
      // The prefix the stack grants submit (constructs/api-functions.ts).
      idempotencyPrefix: env('IDEMPOTENCY_PREFIX', 'idempotency/'),
      newId,
      now: Date.now,
    }),
  );
