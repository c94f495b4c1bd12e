// Prints the models a plan adds or releases, one a line, for the pipeline's compile/register loops.
import { readFileSync } from 'node:fs';
import { changedModels } from '../src/changed-models.ts';

const file = process.argv[2] ?? 'plan.json';
for (const model of changedModels(readFileSync(file, 'utf8'))) process.stdout.write(`${model}\n`);
