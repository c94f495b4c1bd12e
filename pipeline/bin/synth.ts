// `npm run synth`: synthesizes every stack into cdk.out offline (no credentials, Docker or lookups),
// with cdk-nag AwsSolutions + HIPAA Security as validation plugins. Exits 1 on unacknowledged findings.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
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
  console.log(`cdk-nag packs: AwsSolutions, HIPAA.Security (a clean pack reports nothing)`);
  console.log(summary.text);
  console.log(`acknowledged findings (each with its reason in code): ${countAcknowledgements(app)}`);
  if (summary.unacknowledgedErrors > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

function countAcknowledgements(root: IConstruct): number {
  let count = 0;
  for (const node of root.node.findAll())
    for (const entry of node.node.metadata)
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) count += Object.keys(entry.data ?? {}).length;
  return count;
}
