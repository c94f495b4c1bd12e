// Lambda face of GET /v1/predictions/{id}.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { getPrediction } from '../handlers/get-prediction.ts';
import { serve } from './api-gateway.ts';
import { dataStore, prefixes } from './env.ts';

export const handler = (event: APIGatewayProxyEvent) =>
  serve(event, (request) => getPrediction(request, { store: dataStore(), ...prefixes() }));
