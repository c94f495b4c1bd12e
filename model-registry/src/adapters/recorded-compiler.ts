// Compiles once per source, target and compiler settings: the result is recorded next to the source
// artifact, and a later run (the pipeline's Register stage, a retried stage) re-uses it without
// starting another compilation job, which that stage may not be allowed to do.
import type { ArtifactStore } from '../ports/artifact-store.ts';
import type { CompileRequest, CompileResult, ModelCompiler } from '../ports/compiler.ts';

export interface CompileRecords {
  /** The recorded result for this exact source (sha256) and target, if any. */
  get(request: CompileRequest): Promise<CompileResult | undefined>;
  put(request: CompileRequest, result: CompileResult): Promise<void>;
}

export class RecordedCompiler implements ModelCompiler {
  constructor(
    private readonly inner: ModelCompiler,
    private readonly records: CompileRecords,
    private readonly artifacts: ArtifactStore,
  ) {}

  async compile(request: CompileRequest): Promise<CompileResult> {
    const recorded = await this.records.get(request);
    // A record is only worth the artifact it points at.
    if (recorded && (await this.artifacts.exists(recorded.compiled.key))) return recorded;
    const result = await this.inner.compile(request);
    await this.records.put(request, result);
    return result;
  }
}
