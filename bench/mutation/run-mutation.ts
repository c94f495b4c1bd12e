// `npm run test:mutation [--measured] [--force] [--ignoreStatic] [--only=<glob,...>] [group...]`: Stryker over
// the pure core, one group after another, each incremental (only mutants whose source or covering tests
// changed are re-run).
// `--force` re-runs every mutant of the group: Stryker 9.6 keeps a Survived or NoCoverage result
// when only tests were added, so after adding tests for a file, force its group.
// `--measured` (CI) runs only the files a committed incremental file already holds (still present):
// a file never measured would run from scratch on every CI run, so it is measured by hand first.
// `--ignoreStatic` leaves out module-level mutants (each re-runs every related test); the table
// counts them as not run. `--only` mutates just those files of the group: a big group measured a few files
// at a time keeps each finished run (Stryker writes its incremental file only at the end, and carries the
// group's other files over from it). Exits non-zero when a group's run fails or a file of a
// group it ran scores under the goal (GOAL_PERCENT, per file).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { incrementalFileOf, MUTATION_GROUPS } from './groups.ts';
import { GOAL_PERCENT, readScores, unmeasuredFiles } from './scores.ts';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const args = process.argv.slice(2);
const measuredOnly = args.includes('--measured');
const passed = ['--force', '--ignoreStatic'].filter((flag) => args.includes(flag));
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
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
/** The files of the group's last run that still exist. */
function measuredFiles(file: string): string[] {
  const report = JSON.parse(readFileSync(join(root, file), 'utf8')) as { files: Record<string, unknown> };
  return Object.keys(report.files).filter((f) => existsSync(join(root, f)));
}

let failed = 0;
for (const group of groups) {
  const mutate = only ? only.split(',') : measuredOnly ? measuredFiles(incrementalFileOf(group)) : group.mutate;
  console.log(`== mutation testing ${group.name}: ${mutate.join(' ')}`);
  const run = spawnSync(
    'npx',
    ['stryker', 'run', ...passed, '--mutate', mutate.join(','), '--incrementalFile', incrementalFileOf(group)],
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
// Not a failure: measuring a new file from scratch is a run by hand (see --measured), but it must show.
for (const u of (await unmeasuredFiles(root)).filter((u) => ran.has(u.group)))
  console.error(`${u.file}: never measured (no incremental result; run \`--only=${u.file} ${u.group}\`)`);
process.exit(failed === 0 && below.length === 0 ? 0 : 1);
