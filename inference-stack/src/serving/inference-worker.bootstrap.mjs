// Worker threads do not inherit tsx's hooks on Node 20: register them, then run the TypeScript entry.
// (The container image runs the bundled inference-worker.js instead.)
import { register } from 'tsx/esm/api';

register();
await import('./inference-worker.ts');
