// A gzip-compressed tar (ustar) of model files, as SageMaker Neo and multi-model endpoints read
// them. Deterministic: no timestamps or owners, so the same files give the same bytes and the
// same content-addressed key.
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const BLOCK = 512;

function header(name: string, size: number): Uint8Array {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  const block = Buffer.alloc(BLOCK);
  const field = (offset: number, length: number, value: string) => block.write(value, offset, length, 'ascii');
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

export function tarGz(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(header(entry.name, entry.bytes.byteLength), entry.bytes);
    const padding = (BLOCK - (entry.bytes.byteLength % BLOCK)) % BLOCK;
    if (padding) parts.push(new Uint8Array(padding));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return new Uint8Array(gzipSync(Buffer.concat(parts), { level: 9 }));
}

/** Reads the regular files of a gzip-compressed ustar archive (what tarGz writes, or `tar czf`). */
export function untarGz(archive: Uint8Array): TarEntry[] {
  const tar = gunzipSync(archive);
  const entries: TarEntry[] = [];
  for (let offset = 0; offset + BLOCK <= tar.byteLength; ) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    const text = (start: number, length: number) =>
      block.toString('ascii', start, start + length).replace(/\0.*$/s, '');
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const type = text(156, 1);
    if (!Number.isFinite(size) || offset + BLOCK + size > tar.byteLength) throw new Error('truncated tar archive');
    // Regular files only ('0' or NUL); directories, links and pax headers carry no model bytes.
    if (type === '0' || type === '')
      entries.push({ name: name.replace(/^\.\//, ''), bytes: tar.subarray(offset + BLOCK, offset + BLOCK + size) });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
