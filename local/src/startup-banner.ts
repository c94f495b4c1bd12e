// What `npm start` prints once it is ready: where things are and what to try next.

import { sampleInputs, sampleTensors } from '../../inference-stack/src/domain/tensors/sample-inputs.ts';
import { encodeInvokeRequest } from '../../inference-stack/src/domain/tensors/tensor-json.ts';
import type { ModelSignature } from '../../model-registry/src/domain/manifest/types.ts';

export interface BannerInput {
  readonly url: string;
  readonly devToken: string;
  readonly stateDir: string;
  readonly manifestPath: string;
  readonly models: readonly { name: string; version: string; signature: ModelSignature }[];
  readonly dashboard: boolean;
  /** `--data-plane fauxqs`: where its credentials are (the file, never the keys). */
  readonly fauxqsCredentialsFile?: string;
  /** SageMaker Runtime's InvokeEndpoint on this platform (the serving container behind it). */
  readonly sageMakerRuntime?: { readonly url: string; readonly endpointName: string };
  /** Why the platform started read-only (its state dir cannot be written). */
  readonly readOnly?: string;
}

export function startupBanner(input: BannerInput): string {
  const first = input.models[0];
  const body = first ? JSON.stringify({ inputs: sampleInputs(first.signature) }) : '{}';
  const lines = [
    '',
    `model-release local platform is up at ${input.url}`,
    `  models:     ${input.models.map((m) => `${m.name}@${m.version}`).join(', ') || '(none)'}  (from ${input.manifestPath})`,
    `  state dir:  ${input.stateDir}`,
    ...(input.readOnly
      ? [
          `  READ-ONLY:  the state dir cannot be written (${input.readOnly}): reads and status are served,`,
          '              new predictions and releases are refused (503). Free space (or make it writable):',
          '              the platform checks every 30 s and resumes by itself (/healthz says which)',
        ]
      : []),
    // The link sets the dashboard's cookie from the token, then redirects to a URL without it.
    ...(input.dashboard ? [`  dashboard:  ${input.url}/dashboard?token=${input.devToken}`] : []),
    ...(input.fauxqsCredentialsFile
      ? [
          `  data plane: fauxqs (S3/SNS/SQS emulator on 127.0.0.1; it answers only the credentials in ${input.fauxqsCredentialsFile}, 0600)`,
        ]
      : []),
    ...(input.sageMakerRuntime
      ? [
          `  SageMaker Runtime: --endpoint-url ${input.sageMakerRuntime.url} (endpoint ${input.sageMakerRuntime.endpointName}; any credentials, SigV4-signed)`,
        ]
      : []),
    '',
    'Dev token (role admin, valid 12 h):',
    `  export TOKEN=${input.devToken}`,
    '',
    'Try:',
  ];
  if (first) {
    lines.push(
      `  curl -s -X POST ${input.url}/v1/models/${first.name}/invoke \\`,
      `    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '${body}'`,
      `  curl -s -X POST ${input.url}/v1/models/${first.name}/predictions \\`,
      `    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
      `    -d '${body}'        # -> 202 {id}; then:`,
      `  curl -s ${input.url}/v1/predictions/<id> -H "authorization: Bearer $TOKEN"`,
    );
  }
  if (input.sageMakerRuntime)
    lines.push(
      `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws sagemaker-runtime invoke-endpoint --region us-east-1 \\`,
      `    --endpoint-url ${input.sageMakerRuntime.url} --endpoint-name ${input.sageMakerRuntime.endpointName} \\`,
      `    --target-model <TargetModel> --content-type application/json \\`,
      `    --body '${first ? encodeInvokeRequest(sampleTensors(first.signature)) : '{}'}' \\`,
      '    --cli-binary-format raw-in-base64-out out.json   # TargetModel: GET /v1/admin/routes',
    );
  lines.push(
    '',
    'Next:',
    `  edit ${input.manifestPath} (change a version) and save: the release starts at once`,
    '  npx mlrelease status --watch     # follow the rollout',
    '  Ctrl-C stops the platform after in-flight work drains',
    '',
  );
  return lines.join('\n');
}
