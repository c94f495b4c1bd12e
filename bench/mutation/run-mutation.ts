// `npm run test:mutation [--measured] [--force] [group...]`: Stryker over the pure core, one group
// after another, each incremental (only mutants whose source or covering tests changed are re-run).
// `--force` re-runs every mutant of the group: Stryker 9.6 keeps a Survived or NoCoverage result
// when only tests were added, so after adding tests for a file, force its group.
// `--measured` (CI) runs only the groups whose incremental file is committed: a group never measured
// would run from scratch on every CI run. Exits non-zero when a group's run fails or a file of a
// group it ran scores under the goal (GOAL_PERCENT, per file).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { incrementalFileOf, MUTATION_GROUPS } from './groups.ts';
import { GOAL_PERCENT, readScores } from './scores.ts';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const args = process.argv.slice(2);
const measuredOnly = args.includes('--measured');
const force = args.includes('--force') ? ['--force'] : [];
const wanted = args.filter((a) => !a.startsWith('--'));
const groups = MUTATION_GROUPS.filter(
  (g) =>
    (wanted.length === 0 || wanted.includes(g.name)) && (!measuredOnly || existsSync(join(root, incrementalFileOf(g)))),
);
if (groups.length === 0) {
  console.error(
    `no group to run (asked: ${args.join(' ') || 'all'}); known: ${MUTATION_GROUPS.map((g) => g.name).join(', ')}`,
  );
  process.exit(2);
}
let failed = 0;
for (const group of groups) {
  console.log(`== mutation testing ${group.name}: ${group.mutate.join(' ')}`);
  const run = spawnSync(
    'npx',
    ['stryker', 'run', ...force, '--mutate', group.mutate.join(','), '--incrementalFile', incrementalFileOf(group)],
    { stdio: 'inherit', cwd: root },
  );
  if (run.status !== 0) failed++;
}
const ran = new Set(groups.map((g) => g.name));
const below = (await readScores(root)).filter((s) => ran.has(s.group) && s.score < GOAL_PERCENT);
for (const s of below)
  console.error(
    `${s.file}: mutation score ${s.score.toFixed(1)}% is under the ${GOAL_PERCENT}% goal (${s.survived} survived, ${s.noCoverage} not covered)`,
  );
process.exit(failed === 0 && below.length === 0 ? 0 : 1);
