// Caches the route table for a short TTL so each request does not read S3, while a traffic shift
// or rollback still reaches every worker within seconds.
import type { ModelRoute, RouteTable } from '../../../release-tools/src/domain/route-table.ts';

export interface RouteTableSource {
  readTable(): Promise<RouteTable>;
}

export interface RouteTableCacheOptions {
  readonly ttlMs?: number;
  /** Epoch ms. */
  readonly now?: () => number;
}

export class RouteTableCache {
  private cached: { table: RouteTable; at: number } | undefined;
  private inflight: Promise<RouteTable> | undefined;
  /** Bumped by invalidate(): a read that began before it must not be cached after it. */
  private generation = 0;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: RouteTableSource,
    options: RouteTableCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  async table(): Promise<RouteTable> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.table;
    // Concurrent misses share one read.
    if (!this.inflight) {
      const read = this.refresh().finally(() => {
        if (this.inflight === read) this.inflight = undefined;
      });
      this.inflight = read;
    }
    return this.inflight;
  }

  async route(model: string): Promise<ModelRoute | undefined> {
    return (await this.table()).routes[model];
  }

  /** Forces the next read to go to the source (used locally right after the controller writes). */
  invalidate(): void {
    this.cached = undefined;
    // A read in flight may hold the table from before the write: the next caller reads anew.
    this.inflight = undefined;
    // Stryker disable next-line UpdateOperator: only equality with an earlier value is read; counting down differs as well
    this.generation++;
  }

  private async refresh(): Promise<RouteTable> {
    const at = this.now();
    const generation = this.generation;
    const table = await this.source.readTable();
    if (generation === this.generation) this.cached = { table, at };
    return table;
  }
}
