// The child process of isolated-sample-run.ts: runs compareOutputs on what it is sent and answers.
import { compareOutputs } from './sample-comparison.ts';

type Args = Parameters<typeof compareOutputs>;

if (!process.send) throw new Error('sample-run-child.ts runs as a child process with an IPC channel');
process.once('message', (args: Args) => {
  compareOutputs(...args).then(
    (value) => process.send?.({ ok: true, value }, () => process.exit(0)),
    (error: Error) => process.send?.({ ok: false, message: error.message }, () => process.exit(0)),
  );
});
process.on('disconnect', () => process.exit(0));
