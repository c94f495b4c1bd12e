// Lambda face of POST /v1/models/{model}/invoke.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invokeSync } from '../handlers/invoke-sync.ts';
import { serve } from './api-gateway.ts';
import { catalog, metricSink, modelHost, routeCache } from './env.ts';

export const handler = (event: APIGatewayProxyEvent) =>
  serve(event, async (request) =>
    invokeSync(request, {
      catalog: await catalog(),
      routes: routeCache(),
      host: modelHost(),
      metrics: metricSink(),
      random: Math.random,
      now: Date.now,
    }),
  );
