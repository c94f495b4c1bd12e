// Lineage as SageMaker CustomerMetadataProperties (string values of at most 256 characters), and back;
// the signature as signature-metadata.ts writes it.
import type { DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import type { Framework } from '../../domain/manifest/types.ts';
import type { ArtifactRef } from '../../ports/artifact-store.ts';
import type { CompileReport } from '../../ports/compiler.ts';
import type { ApprovalChange, ApprovalStatus, NewRegistration, Registration } from '../../ports/model-registry.ts';
import { signatureFromMetadata, signatureMetadata } from './signature-metadata.ts';

const MAX_VALUE = 256;
const REPORT_PREFIX = 'report.';

export function toCustomerMetadata(entry: NewRegistration): Record<string, string> {
  const { lineage } = entry;
  const metadata: Record<string, string> = {
    model: entry.model,
    version: entry.version,
    framework: entry.framework,
    target: entry.target,
    ...signatureMetadata(entry.signature),
    source: refText(lineage.source),
    compiled: refText(lineage.compiled),
    registeredBy: lineage.registeredBy.slice(0, MAX_VALUE),
    registeredAt: lineage.registeredAt,
  };
  if (lineage.sourceCommit) metadata.sourceCommit = lineage.sourceCommit;
  for (const [field, value] of Object.entries(lineage.compileReport)) {
    if (value === undefined) continue;
    metadata[`${REPORT_PREFIX}${field}`] =
      typeof value === 'string' ? value.slice(0, MAX_VALUE) : JSON.stringify(value);
  }
  return metadata;
}

export function fromDescribe(output: DescribeModelPackageCommandOutput): Registration {
  const m = output.CustomerMetadataProperties ?? {};
  const report: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(m)) {
    if (!key.startsWith(REPORT_PREFIX)) continue;
    const field = key.slice(REPORT_PREFIX.length);
    report[field] = ['compiler', 'target', 'sampleError', 'jobName'].includes(field) ? value : JSON.parse(value);
  }
  const approvalChange = parseApprovalDescription(output.ApprovalDescription);
  return {
    model: m.model!,
    version: m.version!,
    framework: m.framework as Framework,
    target: m.target!,
    signature: signatureFromMetadata(m),
    lineage: {
      ...(m.sourceCommit ? { sourceCommit: m.sourceCommit } : {}),
      source: parseRef(m.source!),
      compiled: parseRef(m.compiled!),
      compileReport: report as unknown as CompileReport,
      registeredBy: m.registeredBy!,
      registeredAt: m.registeredAt!,
    },
    approval: (output.ModelApprovalStatus ?? 'PendingManualApproval') as ApprovalStatus,
    ...(approvalChange ? { approvalChange } : {}),
    id: output.ModelPackageArn!,
  };
}

/** Who changed the approval, when and why, kept as JSON in ApprovalDescription (max 1024 chars). */
export function approvalDescription(change: ApprovalChange): string {
  return JSON.stringify({ ...change, reason: change.reason?.slice(0, 800) });
}

function parseApprovalDescription(text: string | undefined): ApprovalChange | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ApprovalChange;
  } catch {
    // Approved in the console by hand: keep what the person wrote.
    return { by: 'unknown', at: '', reason: text };
  }
}

/** `<sha256> <sizeBytes> <key>`, well under 256 characters for a validated key. */
function refText(ref: ArtifactRef): string {
  return `${ref.sha256} ${ref.sizeBytes} ${ref.key}`;
}

function parseRef(text: string): ArtifactRef {
  const [sha256, size, key] = text.split(' ');
  return { sha256: sha256!, sizeBytes: Number(size), key: key! };
}
