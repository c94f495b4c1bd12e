// An S3 behind the real S3Client's HTTP layer: the SDK serializes, signs, parses and retries as it
// does against AWS (standard retry mode backs off on 503 SlowDown), while this handler keeps objects
// in memory with ETags, S3's conditional-write answers (412), latency drawn from a distribution and
// a share of 503 SlowDown answers. Used by the controller's S3 bench and by tests (latency 0).
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';

export interface SimulatedS3Options {
  /** Round-trip time of one request, in ms (drawn per request). @default () => 0 */
  readonly latencyMs?: () => number;
  /** Probability that a request answers 503 SlowDown. @default 0 */
  readonly slowDownRate?: number;
  /** Uniform [0, 1) source for SlowDown draws. @default Math.random */
  readonly random?: () => number;
  /** ListObjectsV2 page size (S3's is 1,000). @default 1000 */
  readonly pageSize?: number;
}

export interface RequestCounts {
  get: number;
  put: number;
  list: number;
  /** 412 answers to conditional writes. */
  preconditionFailed: number;
  slowDown: number;
  /** Per object key: conditional writes refused (412). */
  readonly conflictsByKey: Map<string, number>;
  /** Per object key: successful writes. */
  readonly writesByKey: Map<string, number>;
}

interface HttpLikeRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export class SimulatedS3 {
  readonly objects = new Map<string, { body: string; etag: string }>();
  readonly counts: RequestCounts = newCounts();
  private etags = 0;
  private readonly latency: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SimulatedS3Options = {}) {
    this.latency = options.latencyMs ?? (() => 0);
    this.random = options.random ?? Math.random;
  }

  /** A real S3Client whose requests this simulation answers. */
  client(): S3Client {
    return new S3Client({
      region: 'eu-west-1',
      endpoint: 'http://s3.simulated',
      forcePathStyle: true,
      credentials: { accessKeyId: 'simulated', secretAccessKey: 'simulated' },
      requestHandler: { handle: (request: HttpLikeRequest) => this.handle(request) },
    });
  }

  resetCounts(): void {
    Object.assign(this.counts, newCounts());
  }

  private async handle(request: HttpLikeRequest) {
    // Half the round trip before S3 acts and half after, so concurrent writers really interleave.
    const rtt = Math.max(0, this.latency());
    await delay(rtt / 2);
    const answer = await this.answer(request);
    await delay(rtt / 2);
    return { response: answer };
  }

  private async answer(request: HttpLikeRequest) {
    const [bucket = '', ...rest] = request.path.replace(/^\//, '').split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const id = `${bucket}/${key}`;
    if (this.random() < (this.options.slowDownRate ?? 0)) {
      this.counts.slowDown++;
      return error(503, 'SlowDown', 'Please reduce your request rate.');
    }
    if (request.method === 'GET' && key === '') {
      this.counts.list++;
      return this.list(bucket, request.query ?? {});
    }
    if (request.method === 'GET') {
      this.counts.get++;
      const object = this.objects.get(id);
      if (!object) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      return response(200, { etag: object.etag, 'content-type': 'application/json' }, object.body);
    }
    if (request.method === 'PUT') {
      this.counts.put++;
      const body = await readBody(request.body);
      const current = this.objects.get(id);
      const ifNoneMatch = header(request, 'if-none-match');
      const ifMatch = header(request, 'if-match');
      if ((ifNoneMatch === '*' && current) || (ifMatch !== undefined && current && current.etag !== ifMatch)) {
        this.counts.preconditionFailed++;
        this.counts.conflictsByKey.set(key, (this.counts.conflictsByKey.get(key) ?? 0) + 1);
        return error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      }
      if (ifMatch !== undefined && !current) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      const etag = `"${(++this.etags).toString(16).padStart(32, '0')}"`;
      this.objects.set(id, { body, etag });
      this.counts.writesByKey.set(key, (this.counts.writesByKey.get(key) ?? 0) + 1);
      return response(200, { etag }, '');
    }
    return error(405, 'MethodNotAllowed', `${request.method} is not simulated`);
  }

  private list(bucket: string, query: Record<string, string | string[] | null>) {
    const prefix = String(query.prefix ?? '');
    const pageSize = this.options.pageSize ?? 1000;
    const keys = [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/${prefix}`))
      .map((k) => k.slice(bucket.length + 1))
      .filter((k) => !query['start-after'] || k > String(query['start-after']))
      .sort();
    const start = query['continuation-token'] ? Number(query['continuation-token']) : 0;
    const page = keys.slice(start, start + pageSize);
    const more = start + pageSize < keys.length;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>`,
      `<MaxKeys>${pageSize}</MaxKeys><IsTruncated>${more}</IsTruncated>`,
      ...(more ? [`<NextContinuationToken>${start + pageSize}</NextContinuationToken>`] : []),
      ...page.map((k) => `<Contents><Key>${escapeXml(k)}</Key><Size>1</Size></Contents>`),
      '</ListBucketResult>',
    ].join('');
    return response(200, { 'content-type': 'application/xml' }, xml);
  }
}

function newCounts(): RequestCounts {
  return {
    get: 0,
    put: 0,
    list: 0,
    preconditionFailed: 0,
    slowDown: 0,
    conflictsByKey: new Map(),
    writesByKey: new Map(),
  };
}

function header(request: HttpLikeRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([k]) => k.toLowerCase() === name);
  return found?.[1];
}

function response(statusCode: number, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  return {
    statusCode,
    headers: { ...headers, 'content-length': String(bytes.length) },
    body: Readable.from([bytes]),
  };
}

function error(statusCode: number, code: string, message: string) {
  return response(
    statusCode,
    { 'content-type': 'application/xml' },
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>sim</RequestId></Error>`,
  );
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const delay = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

/** Log-normal latency with the given median and 99th percentile, from a uniform source. */
export function logNormalLatency(p50Ms: number, p99Ms: number, random: () => number): () => number {
  const sigma = Math.log(p99Ms / p50Ms) / 2.3263;
  return () => {
    // Box-Muller from two uniforms.
    const u = Math.max(random(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return p50Ms * Math.exp(sigma * z);
  };
}
