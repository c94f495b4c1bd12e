// A parent for the orphan test: starts the serving container as `npm start` does, prints the
// container's pid and its children's, then idles until it is killed.
import { readFileSync } from 'node:fs';
import { ServingProcess } from '../../../src/sagemaker/serving-process.ts';

const serving = new ServingProcess();
await serving.start();
const pid = serving.pid()!;
const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
  .trim()
  .split(/\s+/)
  .filter(Boolean)
  .map(Number);
process.stdout.write(`${JSON.stringify({ serving: pid, children })}\n`);
setInterval(() => {}, 60_000);
