// Group commit: callers that ask while a sync runs share the next one, which starts when the
// current one ends and covers every write made before it started. N concurrent writers to one
// directory cost two fsyncs, not N.
export class GroupSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly syncNow: () => Promise<void>) {}

  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.syncNow().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // The running sync may have started before this caller's write: wait for a fresh one.
    this.next ??= this.running
      .catch(() => {})
      .then(() => {
        this.next = undefined;
        return this.sync();
      });
    return this.next;
  }
}
