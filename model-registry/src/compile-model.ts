// Application service: pre-check a models.yaml entry against its real artifact and endpoint, store
// the artifact immutably and compile it. Used by `mlrelease compile` and by prepareRelease.
import { readRepoFile } from './adapters/local/read-repo-file.ts';
import { checkSignature, checkTarget, PrecheckError, type PrecheckFailure } from './domain/compile-precheck.ts';
import type { EndpointSpec, ModelSpec } from './domain/manifest/types.ts';
import { InvalidOnnxModelError, readOnnxGraphInfo } from './onnx/onnx-graph-info.ts';
import type { ArtifactRef, ArtifactStore } from './ports/artifact-store.ts';
import type { CompileReport, ModelCompiler } from './ports/compiler.ts';

export interface CompileModelDeps {
  /** Directory of models.yaml: local artifact paths are relative to it. */
  readonly manifestDir: string;
  readonly endpoint: EndpointSpec;
  readonly artifacts: ArtifactStore;
  readonly compiler: ModelCompiler;
  /** Reads `spec.artifact`. @default a file path relative to manifestDir (s3:// needs a reader) */
  readonly readArtifact?: (location: string) => Promise<Uint8Array>;
}

export interface CompiledModel {
  readonly source: ArtifactRef;
  /** Its key is the MME TargetModel. */
  readonly compiled: ArtifactRef;
  readonly report: CompileReport;
}

/** Reads and checks the artifact of `spec`; throws PrecheckError listing every mismatch. */
export async function precheckModel(
  spec: ModelSpec,
  deps: Pick<CompileModelDeps, 'manifestDir' | 'endpoint' | 'readArtifact'>,
): Promise<Uint8Array> {
  const failures: PrecheckFailure[] = checkTarget(spec.compile.target, deps.endpoint.instanceType);
  const read = deps.readArtifact ?? localReader(deps.manifestDir);
  let bytes: Uint8Array;
  try {
    bytes = await read(spec.artifact);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new PrecheckError(spec.name, [
      ...failures,
      { path: ['artifact'], message: `cannot read ${spec.artifact}: ${reason}` },
    ]);
  }
  if (spec.framework === 'onnx') {
    try {
      failures.push(...checkSignature(spec.signature, readOnnxGraphInfo(bytes)));
    } catch (error) {
      if (!(error instanceof InvalidOnnxModelError)) throw error;
      failures.push({ path: ['artifact'], message: `${spec.artifact} is ${error.message}` });
    }
  }
  if (failures.length > 0) throw new PrecheckError(spec.name, failures);
  return bytes;
}

export async function compileModel(spec: ModelSpec, deps: CompileModelDeps): Promise<CompiledModel> {
  const bytes = await precheckModel(spec, deps);
  const source = await deps.artifacts.put(spec.name, spec.version, fileNameOf(spec.artifact), bytes);
  const { compiled, report } = await deps.compiler.compile({
    model: spec.name,
    version: spec.version,
    source,
    framework: spec.framework,
    signature: spec.signature,
    target: spec.compile.target,
    engine: spec.compile.engine,
  });
  return { source, compiled, report };
}

function fileNameOf(location: string): string {
  return location.split('/').filter(Boolean).pop() ?? 'model';
}

function localReader(manifestDir: string): (location: string) => Promise<Uint8Array> {
  return async (location) => {
    if (/^[a-z0-9]+:\/\//i.test(location))
      throw new Error(`${location} is remote: pass a readArtifact that can fetch it`);
    return readRepoFile(manifestDir, location);
  };
}
