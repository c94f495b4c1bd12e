// `npm run bench`: runs every bench/*.bench.ts, prints one table and writes bench/results/<date>.json
// plus bench/results/latest.json. Each bench file default-exports a function returning rows.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';

// The SDK's Node 22 notice is not a benchmark result.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`running ${file}...\n`);
  const run = (await import(join(here, file))).default as () => Promise<BenchRow[]>;
  rows.push(...(await run()));
}

const header = ['benchmark', 'value', 'unit', 'target', 'ok', 'notes'];
const table = rows.map((r) => [
  r.name,
  formatValue(r.value),
  r.unit,
  r.target ?? '',
  r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  r.notes ?? '',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const report = { date: new Date().toISOString(), machine, rows };
await mkdir(join(here, 'results'), { recursive: true });
const stamp = report.date.replace(/[:.]/g, '-');
await writeFile(join(here, 'results', `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(here, 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwrote bench/results/${stamp}.json and bench/results/latest.json`);

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}
