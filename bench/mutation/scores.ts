// Mutation scores from Stryker's incremental files (bench/mutation/incremental/<group>.json, the
// mutation-testing-report-schema Stryker writes after each run): read, never re-run.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { incrementalFileOf, MUTATION_GROUPS, NOTHING_TO_MUTATE } from './groups.ts';

/** Mutation score every file of the pure core must reach. */
export const GOAL_PERCENT = 90;

export interface FileScore {
  readonly group: string;
  readonly file: string;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly timeout: number;
  /**
   * Not run, so not in the score: Stryker's `--ignoreStatic` (module-level code, whose mutants need
   * every test re-run) or a `// Stryker disable` with its reason.
   */
  readonly ignored: number;
  /** (killed + timeout) / (killed + timeout + survived + noCoverage), in percent, as Stryker reports it. */
  readonly score: number;
  /** The file still reads as it did when Stryker ran (false: changed or deleted since). */
  readonly current: boolean;
}

interface Report {
  readonly files: Record<string, { readonly source: string; readonly mutants: readonly { readonly status: string }[] }>;
}

/**
 * The files a group's globs name today. The globs in groups.ts take three forms only: every `.ts`
 * under a folder (`**` then `*.ts`), the `.ts` files of one folder, and a file's path.
 */
export async function filesOf(root: string, globs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const glob of globs) {
    const match = /^(.*?)\/(\*\*\/)?\*\.ts$/.exec(glob);
    if (!match) {
      files.push(glob);
      continue;
    }
    const [, dir, deep] = match as unknown as [string, string, string | undefined];
    const names = await readdir(join(root, dir), { recursive: deep !== undefined }).catch(() => []);
    files.push(...names.filter((n) => n.endsWith('.ts')).map((n) => `${dir}/${n.split('\\').join('/')}`));
  }
  return [...new Set(files)].sort();
}

/**
 * Files of the pure core that no incremental file holds: never measured, so in no score. A bench
 * that only averaged measured files would read 100% with a whole module left out.
 */
export async function unmeasuredFiles(root: string): Promise<{ group: string; file: string }[]> {
  const unmeasured: { group: string; file: string }[] = [];
  for (const group of MUTATION_GROUPS) {
    const report = await readFile(join(root, incrementalFileOf(group)), 'utf8').then(
      (text) => JSON.parse(text) as Report,
      () => ({ files: {} }) as Report,
    );
    for (const file of await filesOf(root, group.mutate))
      if (
        !(file in report.files) &&
        !NOTHING_TO_MUTATE.includes(file) &&
        hasCode(await readFile(join(root, file), 'utf8'))
      )
        unmeasured.push({ group: group.name, file });
  }
  return unmeasured;
}

/** False for a file of types only (interfaces, type aliases): compiled, nothing is left to mutate. */
export function hasCode(source: string): boolean {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, removeComments: true } });
  return js.outputText.replace(/export \{\};?/g, '').trim() !== '';
}

export async function readScores(root: string): Promise<FileScore[]> {
  const scores: FileScore[] = [];
  for (const group of MUTATION_GROUPS) {
    const report = await readFile(join(root, incrementalFileOf(group)), 'utf8').then(
      (text) => JSON.parse(text) as Report,
      () => undefined,
    );
    if (!report) continue;
    for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
      const now = await readFile(join(root, file), 'utf8').catch(() => undefined);
      const count = (status: string) => mutants.filter((m) => m.status === status).length;
      const [killed, survived, noCoverage, timeout, ignored] = [
        'Killed',
        'Survived',
        'NoCoverage',
        'Timeout',
        'Ignored',
      ].map(count) as [number, number, number, number, number];
      const valid = killed + survived + noCoverage + timeout;
      if (valid === 0) continue;
      scores.push({
        group: group.name,
        file,
        killed,
        survived,
        noCoverage,
        timeout,
        ignored,
        score: ((killed + timeout) / valid) * 100,
        current: now === source,
      });
    }
  }
  return scores;
}

/** The whole set's score: every mutant counted once. */
export function overall(scores: readonly FileScore[]): number {
  const detected = scores.reduce((n, s) => n + s.killed + s.timeout, 0);
  const valid = scores.reduce((n, s) => n + s.killed + s.timeout + s.survived + s.noCoverage, 0);
  return valid === 0 ? 0 : (detected / valid) * 100;
}
