// Mutation score of the pure core, read from the incremental files `npm run test:mutation` keeps
// (bench/mutation/incremental/*.json); this bench does not run Stryker.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-row.ts';
import { GOAL_PERCENT as GOAL, overall, readScores, unmeasuredFiles } from './mutation/scores.ts';

export default async function run(): Promise<BenchRow[]> {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const scores = await readScores(root);
  if (scores.length === 0) return [];
  const below = scores.filter((s) => s.score < GOAL);
  const unmeasured = await unmeasuredFiles(root);
  return [
    {
      name: 'mutation score, pure core (all files)',
      value: overall(scores),
      unit: '%',
      target: `>= ${GOAL}% per file`,
      ok: below.length === 0,
      notes: `${scores.length} files (${scores.filter((s) => !s.current).length} changed since their run); below goal: ${below.map((s) => `${s.file.split('/').pop()} ${s.score.toFixed(0)}%`).join(', ') || 'none'}; never measured: ${unmeasured.map((u) => u.file).join(', ') || 'none'}`,
    },
    ...scores.map((s) => ({
      name: `mutation score ${s.file}`,
      value: s.score,
      unit: '%',
      target: `>= ${GOAL}%`,
      ok: s.score >= GOAL,
      notes: `${s.killed + s.timeout} killed, ${s.survived} survived, ${s.noCoverage} not covered${s.ignored ? `, ${s.ignored} not run (static, or marked equivalent)` : ''}${s.current ? '' : '; file changed since this run'}`,
    })),
  ];
}
