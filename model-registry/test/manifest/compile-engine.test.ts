// compile.engine and serving: Neo only where AWS documents it (single-model variants), a positioned
// error everywhere else that says why and names the alternatives.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { mutate, VALID } from './fixtures.ts';

const FRAUD_INPUT = '    input: { name: features, dtype: float32, shape: [-1, 30] }\n';

function errorsOf(text: string): string[] {
  const result = loadManifest(text);
  if (result.ok) throw new Error('expected the manifest to be invalid');
  return result.issues.map(formatIssue);
}

describe('compile.engine and serving in models.yaml', () => {
  it('defaults to ONNX Runtime on the multi-model endpoint', () => {
    const result = loadManifest(VALID);

    expect(result.ok && result.manifest.models.map((m) => [m.compile, m.serving])).toEqual([
      [{ target: 'ml_c5', engine: 'onnxruntime' }, 'multi-model'],
      [{ target: 'ml_c5', engine: 'onnxruntime' }, 'multi-model'],
    ]);
  });

  it('reads a Neo model served as its own variant', () => {
    const text = mutate(FRAUD_INPUT, `${FRAUD_INPUT}    compile: { engine: neo }\n    serving: single-model\n`);

    const result = loadManifest(text);

    expect(result.ok && result.manifest.models[0]).toMatchObject({
      compile: { target: 'ml_c5', engine: 'neo' },
      serving: 'single-model',
    });
    expect(result.ok && result.manifest.models[1]?.serving).toBe('multi-model');
  });

  it('rejects Neo on the multi-model endpoint at the engine field, saying why and what to do instead', () => {
    const text = mutate(FRAUD_INPUT, `${FRAUD_INPUT}    compile: { engine: neo }\n`);

    const errors = errorsOf(text);

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^models\.yaml:20:24: models\[0\]\.compile\.engine: neo cannot be served by the multi-model/,
    );
    expect(errors[0]).toContain("Neo's inference image (DescribeCompilationJob's InferenceImage)");
    expect(errors[0]).toContain('onnxruntime: ONNX Runtime offline optimisation');
    expect(errors[0]).toContain('add "serving: single-model"');
    expect(errors[0]).toContain('on the ml_c5 instance family');
  });

  it('points at defaults.compile.engine when a model inherits neo, once per model that does', () => {
    const text = mutate('  compile: { target: ml_c5 }', '  compile: { target: ml_c5, engine: neo }');

    const errors = errorsOf(text);

    expect(errors).toEqual([
      expect.stringMatching(
        /^models\.yaml:7:37: models\[0\]\.compile\.engine: neo \(inherited from defaults\.compile\.engine\) cannot/,
      ),
      expect.stringMatching(/^models\.yaml:7:37: models\[1\]\.compile\.engine: neo \(inherited/),
    ]);
  });

  it('accepts defaults.compile.engine: neo for models that declare single-model serving', () => {
    const text = mutate('  compile: { target: ml_c5 }', '  compile: { target: ml_c5, engine: neo }')
      .replace(FRAUD_INPUT, `${FRAUD_INPUT}    serving: single-model\n`)
      .replace('  - name: churn-scorer\n', '  - name: churn-scorer\n    compile: { engine: onnxruntime }\n');

    const result = loadManifest(text);

    expect(result.ok && result.manifest.models.map((m) => [m.compile.engine, m.serving])).toEqual([
      ['neo', 'single-model'],
      ['onnxruntime', 'multi-model'],
    ]);
  });

  it('rejects single-model serving for an ONNX Runtime model at the serving field', () => {
    const text = mutate(FRAUD_INPUT, `${FRAUD_INPUT}    serving: single-model\n`);

    expect(errorsOf(text)).toEqual([
      'models.yaml:20:14: models[0].serving: single-model serving is for Neo-compiled versions (add compile: { engine: neo }); ONNX Runtime models are served by the multi-model endpoint (remove serving)',
    ]);
  });

  it('rejects an unknown engine with a suggestion', () => {
    const text = mutate(FRAUD_INPUT, `${FRAUD_INPUT}    compile: { engine: neon }\n`);

    expect(errorsOf(text)).toEqual([
      'models.yaml:20:24: models[0].compile.engine: expected one of onnxruntime | neo, got "neon" (did you mean "neo"?)',
    ]);
  });
});
