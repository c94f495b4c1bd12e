// TrafficRouter over any StateStore (key `routes`): locally the route table lives in the state dir
// next to the rollout records; on AWS (S3RouteTable) it is one S3 object. Same compare-and-swap.
//
// Every model shares the one table, so writes are group-committed: changes that arrive while a
// write is in flight wait and go out together in the next one, and each write starts from the
// version this table last read or wrote (a 412 re-reads). With 1,000 models changing in a tick that
// is a handful of conditional writes instead of 1,000 writers racing for one object.
import type { ModelRoute, RouteTable } from '../domain/route-table.ts';
import { StateConflictError, type StateStore, type Versioned } from '../ports/state-store.ts';
import type { TrafficRouter } from '../ports/traffic-router.ts';

export const ROUTES_KEY = 'routes';
const EMPTY: RouteTable = { routes: {} };
/** Conditional writes per batch before giving up (other processes writing the table meanwhile). */
const MAX_ATTEMPTS = 20;

type Change = (routes: RouteTable['routes']) => RouteTable['routes'];

interface Waiter {
  readonly change: Change;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class StateRouteTable implements TrafficRouter {
  private queued: Waiter[] = [];
  private flushing = false;
  /** The table as this process last read or wrote it: the next write's expected version. */
  private known: Versioned<RouteTable> | null | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly key = ROUTES_KEY,
  ) {}

  async readTable(): Promise<RouteTable> {
    const current = await this.store.get<RouteTable>(this.key);
    this.known = current ?? null;
    return current?.value ?? EMPTY;
  }

  setRoute(route: ModelRoute): Promise<void> {
    return this.update((routes) => ({ ...routes, [route.model]: route }));
  }

  removeRoute(model: string): Promise<void> {
    return this.update(({ [model]: _gone, ...rest }) => rest);
  }

  private update(change: Change): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.queued.push({ change, resolve, reject }));
    if (!this.flushing) void this.flush();
    return done;
  }

  private async flush(): Promise<void> {
    // Cleared in the same turn as the last empty-queue check, so no change is left waiting.
    this.flushing = true;
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        await this.write((routes) => batch.reduce((acc, w) => w.change(acc), routes));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.flushing = false;
  }

  private async write(change: Change): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Unknown (first write, or after a conflict): read the current version first.
      if (this.known === undefined) this.known = (await this.store.get<RouteTable>(this.key)) ?? null;
      const table = this.known?.value ?? EMPTY;
      const next: RouteTable = { routes: change(table.routes) };
      try {
        const version = await this.store.put(this.key, next, this.known?.version ?? null);
        this.known = { value: next, version };
        return;
      } catch (error) {
        this.known = undefined;
        if (!(error instanceof StateConflictError)) throw error;
      }
    }
    throw new StateConflictError(this.key);
  }
}
