// `mlrelease doctor [--aws]`: checks the prerequisites it can read and says what to do for each one
// not met. Locally: Node, ONNX Runtime, models.yaml. With --aws: region, credentials, CDK bootstrap,
// the stacks, the source connection, the Lambda and endpoint-instance quotas, the endpoint.
import type { CommandModule } from 'yargs';
import { formatIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import type { AwsNeeds } from '../../doctor/aws-facts.ts';
import { awsNeeds, readMlreleaseContext } from '../../doctor/aws-needs.ts';
import { nodeVersionFinding, onnxRuntimeFinding } from '../../doctor/check-local.ts';
import { type Finding, hasFailure, renderFindings } from '../../doctor/finding.ts';
import { judgeAwsPrerequisites } from '../../doctor/judge-aws-prerequisites.ts';
import { doctorClients, readAwsFacts } from '../../doctor/read-aws-facts.ts';
import { regionOf } from '../backends/aws-env.ts';
import { type CliContext, ExitCode, type GlobalArgs, printJson } from '../context.ts';
import { DEFAULT_MANIFEST, readManifestFile } from '../manifest-file.ts';

interface Args extends GlobalArgs {
  file: string;
  region?: string;
  'toolkit-stack-name'?: string;
}

export function doctorCommand(ctx: CliContext): CommandModule<GlobalArgs, Args> {
  return {
    command: 'doctor',
    describe:
      'Check the prerequisites and say what to do for each one not met (--aws: account, bootstrap, stacks, connection, quotas, endpoint)',
    builder: (y) =>
      y
        .option('file', {
          type: 'string',
          default: DEFAULT_MANIFEST,
          describe: 'models.yaml (endpoint name, instance type, instances)',
        })
        .option('region', { type: 'string', describe: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION)' })
        .option('toolkit-stack-name', { type: 'string', describe: 'the CDK bootstrap stack, if not CDKToolkit' }),
    handler: async (args) => {
      const manifest = await readManifestFile(ctx, args.file);
      const manifestFinding: Finding = manifest.ok
        ? {
            check: 'models.yaml',
            status: 'ok',
            summary: `${args.file}: valid (${manifest.manifest.models.length} models)`,
          }
        : {
            check: 'models.yaml',
            status: 'fail',
            summary: manifest.issues.slice(0, 3).map(formatIssue).join('; '),
            fix: `mlrelease validate ${args.file}`,
          };
      const findings: Finding[] = [manifestFinding];
      if (args.backend !== 'aws') {
        findings.unshift(nodeVersionFinding(process.version), await onnxRuntimeFinding());
      } else if (manifest.ok) {
        let needs: AwsNeeds | undefined;
        try {
          needs = awsNeeds(manifest.manifest, await readMlreleaseContext(ctx.cwd), args['toolkit-stack-name']);
        } catch (error) {
          // cdk.json is read the way the CDK app reads it: what would stop the synth stops doctor here.
          findings.push({
            check: 'cdk.json',
            status: 'fail',
            summary: (error as Error).message,
            fix: 'fix context.mlrelease in cdk.json (see inference-stack/README-infra.md)',
          });
        }
        if (needs) {
          const region = args.region ?? regionOf(ctx.env);
          findings.push(...judgeAwsPrerequisites(await readAwsFacts(doctorClients, needs, region), needs));
        }
      }
      if (args.json) printJson(ctx, { backend: args.backend, ok: !hasFailure(findings), findings });
      else ctx.out.write(renderFindings(findings));
      ctx.exitCode = hasFailure(findings) ? ExitCode.failed : ExitCode.ok;
    },
  };
}
