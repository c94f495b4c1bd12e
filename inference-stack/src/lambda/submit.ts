// Lambda face of POST /v1/models/{model}/predictions.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { submitPrediction } from '../handlers/submit.ts';
import { serve } from './api-gateway.ts';
import { catalog, dataStore, lanes, newId, prefixes } from './env.ts';

export const handler = (event: APIGatewayProxyEvent) =>
  serve(event, async (request) =>
    submitPrediction(request, {
      store: dataStore(),
      catalog: await catalog(),
      lanes: lanes(),
      requestsPrefix: prefixes().requestsPrefix,
      newId,
      now: Date.now,
    }),
  );
