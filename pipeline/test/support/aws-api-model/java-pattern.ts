// AWS API models write `pattern` in Java's regex dialect. botocore strips the leading `^` and trailing
// `$` that the API reference shows (`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$` becomes
// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`), and AWS validates the whole value, so the translation matches
// the whole value. Java-only constructs become their ECMAScript `u` equivalents; what has none is
// reported, not guessed.

export type TranslatedPattern =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly why: string };

// Java's POSIX-style classes (US-ASCII, as java.util.regex defines them without UNICODE_CHARACTER_CLASS).
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

const cache = new Map<string, TranslatedPattern>();

export function translateJavaPattern(java: string): TranslatedPattern {
  const known = cache.get(java);
  if (known) return known;
  const result = translate(java);
  cache.set(java, result);
  return result;
}

function translate(java: string): TranslatedPattern {
  let out = '';
  let inClass = 0;
  for (let i = 0; i < java.length; i++) {
    const c = java[i] as string;
    if (c === '\\') {
      const next = java[i + 1] ?? '';
      const posix = /^[pP]\{(?:Is)?([A-Za-z]+)\}/.exec(java.slice(i + 1));
      if (posix && POSIX[posix[1] as string] !== undefined) {
        const body = POSIX[posix[1] as string] as string;
        if (next === 'P') {
          if (inClass) return { ok: false, why: `negated POSIX class \\P{${posix[1]}} inside a character class` };
          out += `[^${body}]`;
        } else out += inClass ? body : `[${body}]`;
        i += posix[0].length;
        continue;
      }
      if (next === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (next === 'z' || next === 'Z') {
        out += '$';
        i++;
        continue;
      }
      if (next === 'Q') return { ok: false, why: 'quoted literal \\Q...\\E' };
      // Java accepts an escaped punctuation mark anywhere; `u` mode only accepts escaped syntax characters
      // (and `-` inside a class).
      if (next && !/[A-Za-z0-9]/.test(next) && !SYNTAX.has(next) && !(inClass && next === '-')) {
        out += next === '-' ? '\\-' : next;
        if (!inClass && next === '-') out = `${out.slice(0, -2)}-`;
        i++;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (c === '[') {
      if (inClass) return { ok: false, why: 'nested character class (Java union/intersection)' };
      inClass++;
      out += c;
      if (java[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A `]` first in a class is a literal in Java.
      if (java[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === ']' && inClass) {
      inClass--;
      out += c;
      continue;
    }
    if (inClass && c === '&' && java[i + 1] === '&') return { ok: false, why: 'class intersection &&' };
    if (!inClass && c === '(' && java.slice(i, i + 3) === '(?>') {
      out += '(?:';
      i += 2;
      continue;
    }
    // Possessive quantifiers (`*+`, `++`, `?+`, `}+`) behave like greedy ones for a yes/no match.
    if (!inClass && c === '+' && /[*+?}]/.test(java[i - 1] ?? '') && java[i - 2] !== '\\') continue;
    // Java tolerates a quantified anchor (`${1,128}`); it means the anchor.
    if (!inClass && c === '{' && (out.endsWith('$') || out.endsWith('^')) && !out.endsWith('\\$')) {
      const close = java.indexOf('}', i);
      if (close > 0 && /^\{\d+(,\d*)?\}$/.test(java.slice(i, close + 1))) {
        i = close;
        continue;
      }
    }
    out += c;
  }
  try {
    return { ok: true, regex: new RegExp(`^(?:${out})$`, 'u') };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
}
