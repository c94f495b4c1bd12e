// Picks the compiler that models.yaml's compile.engine names: ONNX Runtime offline optimisation
// (the multi-model endpoint's default) or SageMaker Neo (single-model variants). A backend without
// an engine (the local platform has no Neo) says so instead of compiling with another one.
import type { CompileEngine } from '../domain/manifest/types.ts';
import {
  CompilationFailedError,
  type CompileRequest,
  type CompileResult,
  type ModelCompiler,
} from '../ports/compiler.ts';

export class EngineCompiler implements ModelCompiler {
  constructor(
    private readonly engines: Partial<Record<CompileEngine, ModelCompiler>>,
    /** Why an engine is missing, for the error. */
    private readonly where: string,
  ) {}

  compile(request: CompileRequest): Promise<CompileResult> {
    const compiler = this.engines[request.engine];
    if (!compiler)
      return Promise.reject(
        new CompilationFailedError(request.model, `compile engine ${request.engine} is not available ${this.where}`),
      );
    return compiler.compile(request);
  }
}
