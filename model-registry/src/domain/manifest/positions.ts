// Finds where a field sits in models.yaml, for errors raised after loading (compile prechecks).
// Re-parses the text rather than widening the loader's result.
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type FieldPath, formatPath, type ManifestIssue } from './issues.ts';

export type Locate = (path: FieldPath, message: string) => ManifestIssue;

/**
 * Returns a function placing a message at `path`; a field that is absent (inherited from defaults)
 * is placed at the matching `defaults` field if present, else at the nearest enclosing node.
 */
export function manifestLocator(source: string, file = 'models.yaml'): Locate {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const at = (node: Node, path: FieldPath, message: string): ManifestIssue => {
    // Every node parsed from text has its range.
    const { line, col } = lines.linePos(node.range![0]);
    return { file, line, column: col, path: formatPath(path), message };
  };
  return (path, message) => {
    const found = deepest(doc.contents as Node | null, path);
    // A signature written with the one-tensor shorthand: models[i].inputs[0].x sits at models[i].input.x.
    // Only a models[i] entry has `input`: the shorthand can only be there.
    if (path[2] === 'inputs' && found.depth === 2) {
      const shorthand = [...path.slice(0, 2), 'input', ...path.slice(4)];
      const short = deepest(doc.contents as Node | null, shorthand);
      if (short.depth > 2) return at(short.node, shorthand, message);
    }
    if (found.depth === path.length || path[0] !== 'models') return at(found.node, path, message);
    const fromDefaults = deepest(doc.contents as Node | null, ['defaults', ...path.slice(2)]);
    if (fromDefaults.depth === path.length - 1) return at(fromDefaults.node, path, message);
    return at(found.node, path, message);
  };
}

function deepest(root: Node | null, path: FieldPath): { node: Node; depth: number } {
  let node = root as Node;
  let depth = 0;
  for (const part of path) {
    const next = isMap(node)
      ? (node.get(part, true) as Node | undefined)
      : isSeq(node)
        ? (node.get(part, true) as Node | undefined)
        : undefined;
    if (!next) break;
    node = next;
    depth++;
  }
  return { node, depth };
}
