// The route table as one JSON object in S3 (ROUTE_TABLE_BUCKET/KEY), changed with conditional
// writes; inference workers GetObject it and cache it for a few seconds.
import type { S3Client } from '@aws-sdk/client-s3';
import { ROUTE_TABLE_KEY } from '../../domain/state-keys.ts';
import { StateRouteTable } from '../state-route-table.ts';
import { S3StateStore } from './s3-state-store.ts';

export interface S3RouteTableOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Object key, ending in .json. @default 'routes.json' */
  readonly key?: string;
}

export class S3RouteTable extends StateRouteTable {
  constructor(options: S3RouteTableOptions) {
    const key = options.key ?? ROUTE_TABLE_KEY;
    if (!key.endsWith('.json')) throw new Error(`route table key must end in .json: ${key}`);
    // The same compare-and-swap as the local table, over an S3 store rooted at the bucket.
    super(
      new S3StateStore({ client: options.client, bucket: options.bucket, prefix: '' }),
      key.slice(0, -'.json'.length),
    );
  }
}
