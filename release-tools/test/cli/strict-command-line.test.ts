// A bad command line exits 2 and changes nothing, for every verb. The verbs are read from
// `mlrelease --help` (and each group's --help), so a verb added later is covered without a
// change here, unless it takes a positional this file has no value for (then the test says so).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { runCli } from '../../src/cli/app.ts';
import type { CliPlatform } from '../../src/cli/context.ts';
import { HashingReleasePreparer } from './hashing-release-preparer.ts';

const manifest = (version: string) => `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 10, bake: 10s }, { weight: 50, bake: 10s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 20 }
models:
  - name: fraud
    version: ${version}
    artifact: models/fraud/${version}/model.onnx
    framework: onnx
    input: { name: x, dtype: float32, shape: [-1, 4] }
`;

/** A value for each positional a verb may demand; a new positional name needs one here. */
const POSITIONAL_VALUES: Record<string, string> = {
  model: 'fraud',
  version: '1.0.0',
  file: 'models.yaml',
  action: 'run',
};

let dir: string;
let now = Date.UTC(2026, 0, 1);
const platform: CliPlatform = {
  clock: {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  },
  controllerDeps: () => {
    const metrics = new MemoryMetricStore();
    return { metrics, alarms: new LocalAlarmEvaluator(metrics), preparer: new HashingReleasePreparer(() => dir) };
  },
};

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: { write: (s) => (out += s) },
    err: { write: (s) => (err += s) },
    cwd: dir,
    env: { USER: 'dana' },
    platform,
  });
  return { code, out, err };
}

/** Every file under the working dir (models.yaml and the state dir) with its content hash. */
async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        files[relative(dir, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir);
  return files;
}

/** Leaf verbs with their positionals, e.g. `registry show <model> <version>`, from --help. */
async function verbs(path: string[] = []): Promise<string[][]> {
  const { out } = await cli(...path, '--help');
  const commands = out.split('Commands:')[1]?.split('\n\n')[0] ?? '';
  const found: string[][] = [];
  for (const line of commands.split('\n')) {
    const usage = line.match(/^ {2}mlrelease (.+?)(?: {2,}|$)/)?.[1];
    if (!usage) continue;
    const words = usage.split(' ');
    const own = words.slice(path.length);
    if (own[1] === '<command>') found.push(...(await verbs([...path, own[0]!])));
    else found.push(words);
  }
  return found;
}

function filled(words: string[]): string[] {
  return words.flatMap((word) => {
    const name = word.match(/^<(.+)>$/)?.[1];
    if (name === undefined) return word.startsWith('[') ? [] : [word];
    const value = POSITIONAL_VALUES[name];
    if (value === undefined) throw new Error(`add a value for the positional <${name}> to POSITIONAL_VALUES`);
    return [value];
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-strict-'));
  for (const v of ['1.0.0', '1.1.0']) {
    await mkdir(join(dir, `models/fraud/${v}`), { recursive: true });
    await writeFile(join(dir, `models/fraud/${v}/model.onnx`), `onnx bytes of ${v}`);
  }
  // A model with a stable version and a rollout in progress, so every verb would have work to do.
  for (const version of ['1.0.0', '1.1.0']) {
    await writeFile(join(dir, 'models.yaml'), manifest(version));
    expect((await cli('apply')).code).toBe(0);
    for (let tick = 0; tick < 5; tick++) await cli('controller', 'run', '--once');
  }
  expect((await cli('status', 'fraud')).out).toContain('Progressing');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a bad command line exits 2 and leaves the state dir byte-for-byte unchanged', () => {
  it('finds every verb in --help', async () => {
    const names = (await verbs()).map((w) => w.filter((x) => !/^[<[]/.test(x)).join(' '));

    expect(names).toEqual(expect.arrayContaining(['pause', 'rollback', 'abort', 'registry show', 'controller']));
  });

  it('an unknown flag, on every verb, with its positionals given', async () => {
    const before = await snapshot();
    for (const words of await verbs()) {
      const line = [...filled(words), '--resaon', 'typo'];

      const run = await cli(...line);

      expect({ line: line.join(' '), code: run.code, out: run.out }).toEqual({
        line: line.join(' '),
        code: 2,
        out: '',
      });
      expect(run.err).toContain('Unknown argument: resaon');
      expect(await snapshot(), line.join(' ')).toEqual(before);
    }
  });

  it('a missing positional, on every verb that demands one', async () => {
    const before = await snapshot();
    for (const words of await verbs()) {
      const demanded = words.filter((w) => w.startsWith('<'));
      if (demanded.length === 0) continue;
      const line = filled(words).slice(0, words.indexOf(demanded.at(-1)!));

      const run = await cli(...line);

      expect({ line: line.join(' '), code: run.code }).toEqual({ line: line.join(' '), code: 2 });
      expect(run.err).toContain('Missing required argument');
      expect(run.err).not.toContain('unknown model');
      expect(await snapshot(), line.join(' ')).toEqual(before);
    }
  });

  it.each([
    ['a bad choice', ['controller', 'bogus'], 'Invalid values'],
    ['a bad duration', ['status', '--watch', '--interval', '1x'], '--interval: not a duration: 1x'],
    ['a bad controller interval', ['controller', 'run', '--interval', 'soon'], '--interval: not a duration'],
    ['a bad backend', ['validate', '--backend', 'gcp'], 'expected local or aws, got gcp'],
    ['an extra positional', ['history', 'fraud', 'extra'], 'Unknown argument: extra'],
    ['an unknown verb', ['promot', 'fraud'], 'Unknown arguments: promot, fraud'],
    ['abort has --reason, but not --full', ['abort', 'fraud', '--full'], 'Unknown argument: full'],
    ['an empty actor', ['pause', 'fraud', '--actor', ''], '--actor: must not be empty'],
  ])('%s', async (_case, line, message) => {
    const before = await snapshot();

    const run = await cli(...line);

    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    expect(run.err).toContain('Run mlrelease --help for usage.');
    expect(await snapshot()).toEqual(before);
  });

  it('the same line without the typo acts, and records who', async () => {
    const run = await cli('pause', 'fraud', '--reason', 'looking into p99', '--actor', 'erin');

    expect(run).toMatchObject({ code: 0, out: expect.stringContaining('pause recorded') });
    await cli('controller', 'run', '--once');
    const history = (await cli('history', 'fraud')).out;
    expect(history).toContain('[paused] by erin: looking into p99');
  });
});

describe('--version', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };

    expect(await cli('--version')).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });
});
