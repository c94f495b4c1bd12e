// `npm run test:mutation [group...]`: Stryker over the pure core, one group after another, each
// incremental (only mutants whose source or covering tests changed are re-run). Exits non-zero
// when a group's run fails or a file scores under the break threshold in stryker.config.json.
import { spawnSync } from 'node:child_process';
import { incrementalFileOf, MUTATION_GROUPS } from './groups.ts';

const wanted = process.argv.slice(2);
const groups = MUTATION_GROUPS.filter((g) => wanted.length === 0 || wanted.includes(g.name));
if (groups.length === 0) {
  console.error(`unknown group(s) ${wanted.join(', ')}; known: ${MUTATION_GROUPS.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const group of groups) {
  console.log(`== mutation testing ${group.name}: ${group.mutate.join(' ')}`);
  const run = spawnSync(
    'npx',
    ['stryker', 'run', '--mutate', group.mutate.join(','), '--incrementalFile', incrementalFileOf(group)],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
