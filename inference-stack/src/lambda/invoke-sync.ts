// Lambda face of POST /v1/models/{model}/invoke. A shadow's mirrored request is handed off to the
// mirror queue before the answer goes out (a Lambda cannot work after it has answered); the
// candidate is invoked by the mirror function, never on the caller's time.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invokeSync } from '../handlers/invoke-sync.ts';
import { serve } from './api-gateway.ts';
import { catalog, metricSink, mirrorHandoff, modelHost, routeCache } from './env.ts';
import { logger } from './logger.ts';

export const handler = (event: APIGatewayProxyEvent) =>
  serve(event, async (request) => {
    const mirror = mirrorHandoff((error) => logger.warn('mirrored request not handed off', { error }));
    const response = await invokeSync(request, {
      catalog: await catalog(),
      routes: routeCache(),
      host: modelHost(),
      metrics: metricSink(),
      random: Math.random,
      now: Date.now,
      ...(mirror ? { mirror } : {}),
    });
    await mirror?.settle();
    return response;
  });
