// Parses models.yaml text into a Manifest, or into every problem found, each with file:line:column.
import { isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { FieldPath, ManifestIssue } from './issues.ts';
import { resolveSignature } from './read-signature.ts';
import { checkBlockFields, type Located, resolveRelease } from './resolve-release.ts';
import { documentFields, modelFields } from './schema.ts';
import type { CompileEngine, Manifest, ModelSpec } from './types.ts';
import { ReadContext } from './yaml-reader.ts';

export type ManifestResult =
  | { readonly ok: true; readonly manifest: Manifest }
  | { readonly ok: false; readonly issues: readonly ManifestIssue[] };

/** 4 MiB: ~17,000 models. Parsing is synchronous, so a huge file would stall whoever reads it. */
export const MAX_MANIFEST_BYTES = 4 * 2 ** 20;

export function loadManifest(source: string, file = 'models.yaml'): ManifestResult {
  if (source.length > MAX_MANIFEST_BYTES) return { ok: false, issues: [tooLarge(file, source.length)] };
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  // Count lines ourselves: yaml's LineCounter misses newlines inside tokens it fails to read,
  // which shifts every position after a syntax error.
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const ctx = new ReadContext(file, lines);
  for (const error of doc.errors) ctx.reportAt(error.pos[0], [], `YAML syntax: ${firstLine(error.message)}`);
  if (doc.errors.length > 0) return { ok: false, issues: ctx.issues };

  // Read the document without `models`, then each model on its own so one bad entry hides no other.
  const root = doc.contents as Node | null;
  const top = documentFields(root, [], ctx);
  const models = isSeq(top?.nodes.models) ? readModels(top.nodes.models.items as Node[], top, ctx) : [];
  const endpoint = top?.value.endpoint;
  const instances = endpoint?.value.instances?.value;
  if (instances?.min !== undefined && instances.max !== undefined) {
    const { min, max } = instances;
    if (min > max)
      ctx.report(endpoint!.value.instances!.nodes.max, ['endpoint', 'instances', 'max'], `must be >= min (${min})`);
  }
  // A reader that returns nothing has reported why: with no issue, every required field was read.
  if (ctx.issues.length > 0) return { ok: false, issues: sortIssues(ctx.issues) };
  const e = endpoint!.value;
  return {
    ok: true,
    manifest: {
      apiVersion: 'mlrelease/v1',
      endpoint: {
        name: e.name!,
        instanceType: e.instanceType!,
        instances: { min: e.instances!.value.min!, max: e.instances!.value.max! },
        targetInvocationsPerInstance: e.targetInvocationsPerInstance ?? 300,
      },
      models,
    },
  };
}

function readModels(
  nodes: readonly Node[],
  top: NonNullable<ReturnType<typeof documentFields>>,
  ctx: ReadContext,
): ModelSpec[] {
  const defaults = top.value.defaults?.value;
  const defaultRelease: Located | undefined = defaults?.release && {
    read: defaults.release,
    path: ['defaults', 'release'],
  };
  if (defaultRelease?.read.value.strategy) checkBlockFields(defaultRelease, defaultRelease.read.value.strategy, ctx);
  if (defaultRelease?.read.nodes.breaking)
    ctx.report(
      defaultRelease.read.nodes.breaking,
      ['defaults', 'release', 'breaking'],
      'is set per model only (a breaking release is a decision about one model)',
    );
  const defaultTarget = defaults?.compile?.value.target;
  const defaultEngine = defaults?.compile?.value.engine;
  const firstByName = new Map<string, number>();
  const models: ModelSpec[] = [];

  nodes.forEach((node, index) => {
    const path: FieldPath = ['models', index];
    const model = modelFields(node, path, ctx);
    if (!model) return;
    const m = model.value;
    if (m.name) {
      const first = firstByName.get(m.name);
      if (first !== undefined)
        ctx.report(model.nodes.name, [...path, 'name'], `duplicate model name (first defined at models[${first}])`);
      else firstByName.set(m.name, index);
    }
    const signature = resolveSignature(
      { input: m.input, inputs: m.inputs, outputs: m.outputs, nodes: model.nodes },
      model.node,
      path,
      ctx,
    );
    const target = m.compile?.value.target ?? defaultTarget;
    if (!target)
      ctx.report(model.node, [...path, 'compile', 'target'], 'is required (set it here or in defaults.compile)');
    const engine: CompileEngine = m.compile?.value.engine ?? defaultEngine ?? 'onnxruntime';
    const serving = m.serving ?? 'multi-model';
    const servable = checkServing(engine, serving, {
      engineNode: m.compile?.nodes.engine ?? defaults?.compile?.nodes.engine,
      engineInherited: m.compile?.value.engine === undefined,
      servingNode: model.nodes.serving,
      path,
      target,
      ctx,
    });
    const own: Located | undefined = m.release && { read: m.release, path: [...path, 'release'] };
    const release = resolveRelease(defaultRelease, own, model.node, path, ctx);
    const breaking = m.release?.value.breaking === true;
    // A breaking change cannot share traffic: callers of the old and new signature would hit both.
    if (breaking && release && release.strategy !== 'all-at-once')
      ctx.report(
        m.release!.nodes.breaking,
        [...path, 'release', 'breaking'],
        `a breaking release goes all at once (strategy: all-at-once), not ${release.strategy}`,
      );
    if (!model.ok || !release || !target || !signature || !servable) return;
    if (breaking && release.strategy !== 'all-at-once') return;
    models.push({
      name: m.name!,
      version: m.version!,
      artifact: m.artifact!,
      framework: m.framework!,
      signature,
      compile: { target, engine },
      serving,
      release,
      ...(breaking ? { breaking } : {}),
    });
  });
  return models;
}

/**
 * SageMaker documents Neo-compiled models on single-model endpoints served by Neo's inference image
 * (DescribeCompilationJob's InferenceImage), and no Neo + multi-model endpoint combination; our MME
 * container runs ONNX Runtime. So each engine has the one serving mode AWS supports for it.
 */
function checkServing(
  engine: CompileEngine,
  serving: ModelSpec['serving'],
  at: {
    engineNode: Node | undefined;
    engineInherited: boolean;
    servingNode: Node | undefined;
    path: FieldPath;
    target: string | undefined;
    ctx: ReadContext;
  },
): boolean {
  if (engine === 'neo' && serving === 'multi-model') {
    const from = at.engineInherited ? ' (inherited from defaults.compile.engine)' : '';
    at.ctx.report(
      at.engineNode,
      [...at.path, 'compile', 'engine'],
      `neo${from} cannot be served by the multi-model endpoint: SageMaker serves Neo-compiled models on ` +
        "single-model endpoints with Neo's inference image (DescribeCompilationJob's InferenceImage), not on " +
        'multi-model endpoints. Either remove engine (the default, onnxruntime: ONNX Runtime offline optimisation, ' +
        `served by the multi-model endpoint) or add "serving: single-model" to serve each version as its own ` +
        `production variant on the ${at.target ?? 'compile target'} instance family`,
    );
    return false;
  }
  if (engine !== 'neo' && serving === 'single-model') {
    at.ctx.report(
      at.servingNode,
      [...at.path, 'serving'],
      'single-model serving is for Neo-compiled versions (add compile: { engine: neo }); ONNX Runtime models ' +
        'are served by the multi-model endpoint (remove serving)',
    );
    return false;
  }
  return true;
}

// prettyErrors: false, so yaml appends no " at line L, column C" and no excerpt; keep one line all the same.
function firstLine(message: string): string {
  return message.split('\n')[0]!;
}

function sortIssues(issues: readonly ManifestIssue[]): ManifestIssue[] {
  // defaults.release is resolved once per model: say each of its problems once.
  const unique = new Map(issues.map((i) => [`${i.line}:${i.column}:${i.path}:${i.message}`, i]));
  return [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

export function tooLarge(file: string, bytes: number): ManifestIssue {
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  return {
    file,
    line: 1,
    column: 1,
    path: '',
    message: `file is ${mib(bytes)}; the limit is ${mib(MAX_MANIFEST_BYTES)}`,
  };
}
