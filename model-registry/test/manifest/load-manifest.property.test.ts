// Whatever text arrives, the loader never throws: it yields a manifest or positioned issues.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { VALID } from './fixtures.ts';

function assertWellFormed(text: string): void {
  const result = loadManifest(text);
  if (result.ok) {
    expect(result.manifest.models.length).toBeGreaterThanOrEqual(0);
    return;
  }
  const lineCount = text.split('\n').length;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lineCount + 1);
    expect(issue.column).toBeGreaterThanOrEqual(1);
    expect(issue.message.length).toBeGreaterThan(0);
  }
}

const lines = VALID.split('\n');
const junk = fc.oneof(
  fc.constantFrom('', '~', '[', '{', ': :', '- ', '&a', '*a', '!!binary', '"', "'", '%', '1e999', '-1', 'null', 'true'),
  fc.string({ maxLength: 12 }),
);

describe('loadManifest never throws', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => assertWellFormed(text)),
      { numRuns: 300 },
    );
  });

  it('on random YAML-shaped values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => assertWellFormed(JSON.stringify(value))),
      { numRuns: 300 },
    );
  });

  it('on random line-level mutations of a valid file', () => {
    const mutation = fc.record({
      line: fc.nat({ max: lines.length - 1 }),
      kind: fc.constantFrom('delete', 'replace-value', 'insert', 'truncate', 'duplicate'),
      junk,
      cut: fc.nat({ max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const copy = [...lines];
        for (const m of mutations) {
          const at = Math.min(m.line, copy.length - 1);
          const line = copy[at] ?? '';
          if (m.kind === 'delete') copy.splice(at, 1);
          else if (m.kind === 'insert') copy.splice(at, 0, m.junk);
          else if (m.kind === 'duplicate') copy.splice(at, 0, line);
          else if (m.kind === 'truncate') copy[at] = line.slice(0, m.cut);
          else copy[at] = line.includes(':') ? `${line.slice(0, line.indexOf(':') + 1)} ${m.junk}` : m.junk;
        }
        assertWellFormed(copy.join('\n'));
      }),
      { numRuns: 500 },
    );
  });
});
