// The local store of mirrored pairs: per model and candidate version, the most recent pairs (bounded,
// so a long shadow cannot grow memory) and the count of dropped mirrored work per time.
import type {
  MirrorDrop,
  MirrorEvidence,
  MirroredPair,
  MirrorQuery,
  MirrorReader,
  MirrorSink,
} from '../../ports/mirrored-pairs.ts';

export class MemoryMirrorStore implements MirrorSink, MirrorReader {
  private readonly series = new Map<string, MirroredPair[]>();
  private readonly drops = new Map<string, number[]>();

  /** @param maxPairs pairs kept per model and candidate version. */
  constructor(private readonly maxPairs = 50_000) {}

  pair(pair: MirroredPair): void {
    const list = this.listOf(this.series, pair.model, pair.candidateVersion);
    list.push(pair);
    if (list.length > this.maxPairs) list.splice(0, list.length - this.maxPairs);
  }

  dropped(drop: MirrorDrop): void {
    const list = this.listOf(this.drops, drop.model, drop.candidateVersion);
    list.push(drop.at);
    if (list.length > this.maxPairs) list.splice(0, list.length - this.maxPairs);
  }

  async pairs(q: MirrorQuery): Promise<MirrorEvidence> {
    const inWindow = (at: number) => at >= q.since && at <= q.until;
    return {
      pairs: (this.series.get(key(q.model, q.candidateVersion)) ?? []).filter((p) => inWindow(p.at)),
      dropped: (this.drops.get(key(q.model, q.candidateVersion)) ?? []).filter(inWindow).length,
    };
  }

  private listOf<T>(map: Map<string, T[]>, model: string, version: string): T[] {
    let list = map.get(key(model, version));
    if (!list) {
      list = [];
      map.set(key(model, version), list);
    }
    return list;
  }
}

const key = (model: string, version: string) => `${model}\u0000${version}`;
