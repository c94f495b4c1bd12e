// Renders the evaluated requests as the roles x calls table (markdown), with concrete names turned
// back into the template's construct names and run-time ids into placeholders, so it is stable.
import { ACCOUNT, PARTITION, REGION } from './cfn-resolver.ts';
import type { IamModel } from './iam-model.ts';

export interface TableRow {
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly via: string;
  readonly decision: string;
}

const label = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

export function nameLabels(model: IamModel): [string, string][] {
  const types = [
    'AWS::S3::Bucket',
    'AWS::KMS::Key',
    'AWS::SQS::Queue',
    'AWS::SNS::Topic',
    'AWS::IAM::Role',
    'AWS::Lambda::Function',
    'AWS::Events::Rule',
    'AWS::CodeBuild::Project',
    'AWS::Logs::LogGroup',
    'AWS::CloudTrail::Trail',
  ];
  const pairs: [string, string][] = [];
  for (const type of types)
    for (const { stack, id } of model.resourcesOfType(type)) {
      pairs.push([stack.ref(id), `{${label(id)}}`]);
      pairs.push([stack.physicalName(id), `{${label(id)}}`]);
    }
  return pairs.sort((a, b) => b[0].length - a[0].length);
}

export function shorten(resource: string, labels: readonly [string, string][]): string {
  let text = resource
    .replace(`arn:${PARTITION}:s3:::`, 's3:')
    .replace(`:${REGION}:${ACCOUNT}:`, ':')
    .replace(`arn:${PARTITION}:iam::${ACCOUNT}:`, 'iam:')
    .replace(`arn:${PARTITION}:`, '');
  for (const [name, short] of labels) text = text.split(name).join(short);
  return (
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/\b[0-9a-f]{64}\b/g, '<sha256>')
      .replace(/\b[0-9a-f]{12}\b/g, '<sha12>')
      .replace(/(model-package\/[\w-]+\/)\d+/, '$1<n>')
      // A mirrored batch's key starts with the epoch ms it was written at.
      .replace(/(\/mirror\/[\w.-]+\/[\w.+-]+\/)\d{13}-/, '$1<ms>-')
  );
}

export function renderTable(rows: readonly TableRow[]): string {
  const unique = new Map<string, TableRow>();
  for (const row of rows) unique.set(`${row.role}|${row.action}|${row.resource}|${row.via}|${row.decision}`, row);
  const sorted = [...unique.values()].sort(
    (a, b) =>
      a.role.localeCompare(b.role) ||
      a.via.localeCompare(b.via) ||
      a.action.localeCompare(b.action) ||
      a.resource.localeCompare(b.resource),
  );
  const escapePipes = (s: string) => s.replaceAll('|', '\\|');
  return [
    '| role (principal) | call | resource | from | decision |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map(
      (r) =>
        `| ${escapePipes(r.role)} | ${r.action} | \`${escapePipes(r.resource)}\` | ${escapePipes(r.via)} | ${r.decision} |`,
    ),
  ].join('\n');
}
