// Found by the API fuzz suite: a well-formed lane name with no queue behind it was accepted (202)
// and the request stayed pending for ever, since no lane subscription matched it.
import { describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { type SubmitDeps, submitPrediction } from '../../src/handlers/submit.ts';
import { apiRequest } from '../support/api-request.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';
import { routesExcept } from '../support/routes-except.ts';

function setup(lanes?: readonly string[]) {
  const store = new MemoryObjectStore();
  const deps: SubmitDeps = {
    store,
    catalog: catalogFromSignatures({ fraud: oneInput('features', 'float32', [-1, 2], 4) }),
    routes: routesExcept(),
    requestsPrefix: 'requests/',
    newId: () => 'id-00000001',
    now: () => 1_700_000_000_000,
    ...(lanes ? { lanes } : {}),
  };
  return { store, deps };
}

const submit = (lane: string) =>
  apiRequest({
    pathParams: { model: 'fraud' },
    json: { inputs: [[1, 2]], lane },
    headers: { 'content-type': 'application/json' },
  });

describe('submitPrediction lanes', () => {
  it('refuses a lane no queue serves, names the lanes and stores nothing', async () => {
    const { store, deps } = setup();

    const response = await submitPrediction(submit('bulk'), deps);

    expect(response).toEqual({
      statusCode: 400,
      body: { error: { code: 'UnknownLane', message: 'lane must be one of standard, priority' } },
    });
    expect(store.objects.size).toBe(0);
  });

  it('accepts the default lanes, and the configured ones when given', async () => {
    const defaults = setup();
    const configured = setup(['bulk']);

    const priority = await submitPrediction(submit('priority'), defaults.deps);
    const bulk = await submitPrediction(submit('bulk'), configured.deps);
    const standard = await submitPrediction(submit('standard'), configured.deps);

    expect([priority.statusCode, bulk.statusCode, standard.statusCode]).toEqual([202, 202, 400]);
  });
});
