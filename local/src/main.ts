// `npm start` (foundation version): validates and plans models.yaml until the local platform lands.
import { runCli } from '../../release-tools/src/cli/app.ts';

const io = { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() };
const validate = await runCli(['validate'], io);
const code = validate === 0 ? await runCli(['plan'], io) : validate;
process.exit(code);
