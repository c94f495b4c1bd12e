// AWS's published API models as botocore ships them (`botocore/data/<service>/<date>/service-2.json[.gz]`).
// Read in place, never copied: the constraints the tests check are AWS's own, at the version of the
// botocore on this machine image (CI runs on the same image).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface BotocoreShape {
  readonly type: string;
  readonly members?: Record<string, { readonly shape: string; readonly [k: string]: unknown }>;
  readonly required?: readonly string[];
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly min?: number;
  readonly max?: number;
  readonly union?: boolean;
  readonly streaming?: boolean;
  readonly [k: string]: unknown;
}

export interface BotocoreServiceModel {
  readonly metadata: { readonly serviceId: string; readonly apiVersion: string; readonly [k: string]: unknown };
  readonly operations: Record<string, { readonly input?: { readonly shape: string }; readonly [k: string]: unknown }>;
  readonly shapes: Record<string, BotocoreShape>;
}

export interface BotocoreLocation {
  readonly dataDir: string;
  readonly version: string;
}

/** Asks python3 where botocore is; undefined when python3 or botocore is not installed. */
export function locateBotocore(): BotocoreLocation | undefined {
  try {
    const out = execFileSync(
      'python3',
      ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 },
    );
    const [dir, version] = out.trim().split('\n');
    if (!dir || !version || !existsSync(join(dir, 'data'))) return undefined;
    return { dataDir: join(dir, 'data'), version };
  } catch {
    return undefined;
  }
}

export class BotocoreModelNotFoundError extends Error {
  override name = 'BotocoreModelNotFoundError';
}

/** The service model whose `serviceId` is the SDK v3 client's name without `Client` (`SageMakerRuntimeClient` -> `SageMaker Runtime`). */
export function loadServiceModelForClient(dataDir: string, clientName: string): BotocoreServiceModel {
  const compact = clientName.replace(/Client$/, '');
  // botocore names a service's folder after its serviceId, lower-cased, spaces as dashes;
  // the serviceId check below makes a wrong guess fail loudly rather than validate against another API.
  const candidates = readdirSync(dataDir).filter(
    (name) => name.replace(/-/g, '').toLowerCase() === compact.toLowerCase(),
  );
  for (const service of candidates) {
    const model = loadServiceModel(dataDir, service);
    // serviceIds are not consistently cased ("CodeStar connections" is CodeStarConnectionsClient).
    if (model.metadata.serviceId.replace(/ /g, '').toLowerCase() === compact.toLowerCase()) return model;
  }
  throw new BotocoreModelNotFoundError(`no botocore model with serviceId matching ${clientName} under ${dataDir}`);
}

export function loadServiceModel(dataDir: string, service: string): BotocoreServiceModel {
  const dates = readdirSync(join(dataDir, service))
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  const latest = dates.at(-1);
  if (!latest) throw new BotocoreModelNotFoundError(`botocore has no API version folder for ${service}`);
  const base = join(dataDir, service, latest, 'service-2.json');
  const text = existsSync(base) ? readFileSync(base, 'utf8') : gunzipSync(readFileSync(`${base}.gz`)).toString('utf8');
  return JSON.parse(text) as BotocoreServiceModel;
}
