// Lineage as SageMaker CustomerMetadataProperties (values of at most 256 characters in the alphabet the
// API model's pattern allows, see pattern-safe-value.ts), and back; the signature as signature-metadata.ts
// writes it. Reads what earlier versions wrote (the single input as raw JSON or as text) as well.
import type { DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import type { Framework } from '../../domain/manifest/types.ts';
import type { ArtifactRef } from '../../ports/artifact-store.ts';
import type { CompileReport } from '../../ports/compiler.ts';
import type { ApprovalChange, ApprovalStatus, NewRegistration, Registration } from '../../ports/model-registry.ts';
import { decodePatternSafe, encodePatternSafe, encodeTruncated } from './pattern-safe-value.ts';
import { signatureFromMetadata, signatureMetadata } from './signature-metadata.ts';

const REPORT_PREFIX = 'report.';
/** Report fields stored as text (the others as JSON). */
const STRING_FIELDS = ['compiler', 'target', 'sampleError', 'jobName', 'inferenceImage'];

export function toCustomerMetadata(entry: NewRegistration): Record<string, string> {
  const { lineage } = entry;
  const metadata: Record<string, string> = {
    model: entry.model,
    version: entry.version,
    framework: entry.framework,
    target: entry.target,
    ...signatureMetadata(entry.signature),
    source: encodePatternSafe(refText(lineage.source), 'the source artifact'),
    compiled: encodePatternSafe(refText(lineage.compiled), 'the compiled artifact'),
    registeredBy: encodeTruncated(lineage.registeredBy),
    registeredAt: encodePatternSafe(lineage.registeredAt, 'registeredAt'),
  };
  if (lineage.sourceCommit) metadata.sourceCommit = encodePatternSafe(lineage.sourceCommit, 'sourceCommit');
  for (const [field, value] of Object.entries(lineage.compileReport)) {
    if (value === undefined) continue;
    metadata[`${REPORT_PREFIX}${field}`] =
      // The serving image must come back whole (a cut URI would name another image): fail instead.
      field === 'inferenceImage'
        ? encodePatternSafe(String(value), 'the inference image')
        : typeof value === 'string'
          ? encodeTruncated(value)
          : encodePatternSafe(JSON.stringify(value), field);
  }
  return metadata;
}

export function fromDescribe(output: DescribeModelPackageCommandOutput): Registration {
  const m = Object.fromEntries(
    Object.entries(output.CustomerMetadataProperties ?? {}).map(([k, v]) => [k, decodePatternSafe(v)]),
  );
  const report: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(m)) {
    if (!key.startsWith(REPORT_PREFIX)) continue;
    const field = key.slice(REPORT_PREFIX.length);
    report[field] = STRING_FIELDS.includes(field) ? value : JSON.parse(value);
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
