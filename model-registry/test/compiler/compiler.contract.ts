// The behaviour every ModelCompiler adapter must have; each adapter's test file runs this suite.
import { describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../../src/ports/artifact-store.ts';
import { CompilationFailedError, type CompileRequest, type ModelCompiler } from '../../src/ports/compiler.ts';

export interface CompilerFixture {
  readonly compiler: ModelCompiler;
  readonly artifacts: ArtifactStore;
  /** A request the compiler accepts. */
  readonly good: CompileRequest;
  /** A request the compiler refuses (a broken model). */
  readonly rejected: CompileRequest;
}

export function compilerContract(name: string, setup: () => Promise<CompilerFixture>): void {
  describe(`${name} (ModelCompiler contract)`, () => {
    it('stores the compiled model as a new immutable artifact of the same model version', async () => {
      const { compiler, artifacts, good } = await setup();

      const { compiled, report } = await compiler.compile(good);

      expect(compiled.key).toMatch(new RegExp(`^${good.model}/${good.version}-[0-9a-f]{12}/`));
      expect(compiled.key).not.toBe(good.source.key);
      expect(await artifacts.exists(compiled.key)).toBe(true);
      expect(report.target).toBe(good.target);
      expect(report.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('compiling the same source twice yields the same compiled key', async () => {
      const { compiler, good } = await setup();

      const first = await compiler.compile(good);
      const second = await compiler.compile(good);

      expect(second.compiled.key).toBe(first.compiled.key);
    });

    it('a model the compiler refuses fails with CompilationFailedError naming the model', async () => {
      const { compiler, rejected } = await setup();

      const attempt = compiler.compile(rejected);

      await expect(attempt).rejects.toBeInstanceOf(CompilationFailedError);
      await expect(attempt).rejects.toThrow(rejected.model);
    });
  });
}
