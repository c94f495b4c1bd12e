// `npx tsx bench/mutation/table.ts`: the per-file mutation table (markdown) for bench/RELIABILITY.md.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { overall, readScores, unmeasuredFiles } from './scores.ts';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const scores = await readScores(root);
console.log('| File | Score | Killed | Survived | No coverage | Not run |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const s of scores)
  console.log(
    `| \`${s.file}\` | ${s.score.toFixed(1)}% | ${s.killed + s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.ignored} |`,
  );
console.log(`| **all** | **${overall(scores).toFixed(1)}%** | | | | |`);
for (const { file } of await unmeasuredFiles(root)) console.log(`| \`${file}\` | never measured | | | | |`);
