// Replaces a small file whole: written under a temporary name, then renamed over it, so a reader
// sees the old content or the new, never part. A write that fails (a full disk) removes its
// temporary file: each failure would otherwise leave one behind.
import { open, rename, rm } from 'node:fs/promises';

export async function replaceFile(
  path: string,
  temporary: string,
  data: string,
  options: { readonly sync: boolean },
): Promise<void> {
  try {
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(data);
      if (options.sync) await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
