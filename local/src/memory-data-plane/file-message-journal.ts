// Keeps a queue's messages on disk, one JSON file per message, so a DLQ survives restarts: a dead
// letter is a failure waiting for a person, and losing it would lose the request silently.
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageJournal, StoredMessage } from '../../../inference-stack/src/adapters/local/memory-queue.ts';
import { replaceFile } from '../../../release-tools/src/adapters/local/replace-file.ts';

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class FileMessageJournal implements MessageJournal {
  private made: Promise<unknown> | undefined;

  constructor(private readonly dir: string) {}

  async added(message: StoredMessage): Promise<void> {
    this.made ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.made;
    const path = this.pathOf(message.messageId);
    await replaceFile(path, `${path}.tmp`, JSON.stringify(message), { sync: true });
  }

  async removed(messageId: string): Promise<void> {
    try {
      await unlink(this.pathOf(messageId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /**
   * Every message on disk, oldest first; unreadable files are skipped. Called at start, under the
   * state dir's lock: a temporary file is then a write a crash interrupted, never renamed, and goes.
   */
  async load(): Promise<StoredMessage[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // (Left in place when the dir cannot be written: a read-only start.)
    for (const name of names.filter((n) => n.endsWith('.tmp')))
      await rm(join(this.dir, name), { force: true }).catch(() => undefined);
    const messages: StoredMessage[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        messages.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as StoredMessage);
      } catch {
        // A file that does not parse is not a message we accepted.
      }
    }
    return messages.sort((a, b) => a.sentAt - b.sentAt);
  }

  private pathOf(messageId: string): string {
    if (!SAFE_ID.test(messageId)) throw new Error(`unsafe message id: ${messageId}`);
    return join(this.dir, `${messageId}.json`);
  }
}
