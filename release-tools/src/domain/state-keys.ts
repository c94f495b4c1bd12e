// Where the shared state lives in the state bucket: the pipeline writes the desired manifest, the
// controller writes the route table, the inference functions read it. Each key is an environment
// variable of the functions (MANIFEST_KEY, ROUTE_TABLE_KEY); these are their defaults.

/** Written by the pipeline's release stage; the controller reconciles towards it. */
export const MANIFEST_KEY = 'desired/models.yaml';

/** Written by the controller; the worker and the synchronous invoke read it (cached). */
export const ROUTE_TABLE_KEY = 'routes.json';

/** Written by the controller from the desired manifest; submit and invoke read it (cached). */
export const CATALOG_KEY = 'state/catalog.json';

/** The prefix under which the controller's S3StateStore keeps rollouts, intents and prepared releases. */
export const STATE_PREFIX = 'state/';
