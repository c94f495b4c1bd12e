// Every file under a directory with its size and mtime, to show what a test run changed on disk.
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

export type TreeSnapshot = Map<string, string>;

export async function snapshotTree(root: string, skip: (path: string) => boolean = () => false): Promise<TreeSnapshot> {
  const files: TreeSnapshot = new Map();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (skip(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await lstat(path);
        files.set(relative(root, path), `${entry.isSymbolicLink() ? 'link' : 'file'} ${info.size} ${info.mtimeMs}`);
      }
    }
  };
  await walk(root);
  return files;
}
