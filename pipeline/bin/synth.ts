// `npm run synth`: synthesizes every stack into cdk.out offline (no credentials, Docker or lookups),
// with cdk-nag AwsSolutions + HIPAA Security as validation plugins. Exits 1 on unacknowledged findings.
import { buildApp } from '../src/build-app.ts';
import { summarizeValidationReport } from '../src/validation-report.ts';

const started = performance.now();
const outdir = process.argv[2] ?? 'cdk.out';
const { app } = buildApp({ appProps: { outdir } });
try {
  const assembly = app.synth();
  const summary = summarizeValidationReport(assembly.directory);
  const ms = Math.round(performance.now() - started);
  console.log(`synthesized ${assembly.stacks.map((s) => s.stackName).join(', ')} into ${outdir} in ${ms} ms`);
  console.log(summary.text);
  if (summary.unacknowledgedErrors > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
