// The only place that calls process.exit.
import { runCli } from './app.ts';

const code = await runCli(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exit(code);
