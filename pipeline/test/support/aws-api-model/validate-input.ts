// Checks one SDK input against its operation's input shape in a botocore service model: required
// members, unknown members, types, enums, lengths, patterns, list/map sizes, numeric ranges, unions,
// recursively. Every rule comes from the model; nothing here knows a service.
import type { BotocoreServiceModel, BotocoreShape } from './botocore-models.js';
import { translateJavaPattern } from './java-pattern.js';

export interface InputViolation {
  /** Where in the input, e.g. `CustomerMetadataProperties.input` or `Steps[2].Weight`. */
  readonly path: string;
  /** The model's rule, e.g. `pattern [a-z]+ (shape EntityName)`. */
  readonly rule: string;
  readonly value?: unknown;
}

export interface ValidationOutcome {
  readonly violations: readonly InputViolation[];
  /** Patterns met on this input that could not be translated to JS (so were not checked). */
  readonly untranslatedPatterns: readonly { readonly shape: string; readonly pattern: string; readonly why: string }[];
}

export class UnknownOperationError extends Error {
  override name = 'UnknownOperationError';
}

export function validateOperationInput(
  model: BotocoreServiceModel,
  operation: string,
  input: unknown,
): ValidationOutcome {
  const op = model.operations[operation];
  if (!op) throw new UnknownOperationError(`${model.metadata.serviceId} has no operation ${operation}`);
  const violations: InputViolation[] = [];
  const untranslatedPatterns: { shape: string; pattern: string; why: string }[] = [];
  if (op.input) check(model, op.input.shape, input ?? {}, '', violations, untranslatedPatterns);
  else if (input && Object.keys(input).length > 0)
    violations.push({ path: '(input)', rule: 'operation takes no input', value: input });
  return { violations, untranslatedPatterns };
}

function check(
  model: BotocoreServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  out: InputViolation[],
  untranslated: { shape: string; pattern: string; why: string }[],
): void {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`shape ${shapeName} missing from ${model.metadata.serviceId}`);
  const at = path || '(input)';
  const fail = (rule: string): void => {
    out.push({ path: at, rule: `${rule} (shape ${shapeName})`, value });
  };
  switch (shape.type) {
    case 'structure':
      checkStructure(model, shapeName, shape, value, path, out, untranslated, fail);
      return;
    case 'list': {
      if (!Array.isArray(value)) {
        fail('must be a list');
        return;
      }
      checkSize(shape, value.length, 'items', fail);
      value.forEach((item, i) => {
        check(model, shape.member?.shape as string, item, `${path}[${i}]`, out, untranslated);
      });
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        fail('must be a map (object)');
        return;
      }
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      checkSize(shape, entries.length, 'entries', fail);
      for (const [k, v] of entries) {
        check(model, shape.key?.shape as string, k, `${path}{key ${JSON.stringify(k)}}`, out, untranslated);
        check(model, shape.value?.shape as string, v, `${path}.${k}`, out, untranslated);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') {
        fail('must be a string');
        return;
      }
      const length = [...value].length;
      checkSize(shape, length, 'characters', fail);
      if (shape.enum && !shape.enum.includes(value)) fail(`must be one of ${shape.enum.join(', ')}`);
      if (shape.pattern !== undefined) {
        const translated = translateJavaPattern(shape.pattern);
        if (!translated.ok) untranslated.push({ shape: shapeName, pattern: shape.pattern, why: translated.why });
        else if (!translated.regex.test(value)) fail(`must match pattern ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        fail(`must be an ${shape.type}`);
        return;
      }
      checkRange(shape, value, fail);
      return;
    case 'float':
    case 'double':
      if (typeof value !== 'number' || Number.isNaN(value)) {
        fail(`must be a ${shape.type}`);
        return;
      }
      checkRange(shape, value, fail);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be a boolean');
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail('must be a valid Date');
      return;
    case 'blob': {
      // Streams and Blobs have no length known up front; byte arrays and strings do.
      const bytes =
        typeof value === 'string'
          ? new TextEncoder().encode(value).length
          : value instanceof Uint8Array
            ? value.length
            : undefined;
      if (bytes !== undefined) checkSize(shape, bytes, 'bytes', fail);
      else if (!isStreamLike(value)) fail('must be a string, bytes, Blob or stream');
      return;
    }
    default:
      return; // document and other free-form shapes carry no constraint to check
  }
}

function checkStructure(
  model: BotocoreServiceModel,
  shapeName: string,
  shape: BotocoreShape,
  value: unknown,
  path: string,
  out: InputViolation[],
  untranslated: { shape: string; pattern: string; why: string }[],
  fail: (rule: string) => void,
): void {
  if (!isPlainObject(value)) {
    fail('must be a structure (object)');
    return;
  }
  const members = shape.members ?? {};
  const present = Object.entries(value).filter(([, v]) => v !== undefined);
  for (const name of shape.required ?? []) {
    if ((value as Record<string, unknown>)[name] === undefined)
      out.push({ path: join(path, name), rule: `required by ${shapeName}` });
  }
  if (shape.union && present.length !== 1)
    fail(`union: exactly one member must be set, got ${present.map(([k]) => k).join(', ') || 'none'}`);
  for (const [name, v] of present) {
    const member = members[name];
    if (!member) {
      out.push({ path: join(path, name), rule: `not a member of ${shapeName} (the SDK drops it)`, value: v });
      continue;
    }
    check(model, member.shape, v, join(path, name), out, untranslated);
  }
}

function checkSize(shape: BotocoreShape, size: number, unit: string, fail: (rule: string) => void): void {
  if (shape.min !== undefined && size < shape.min) fail(`at least ${shape.min} ${unit}, got ${size}`);
  if (shape.max !== undefined && size > shape.max) fail(`at most ${shape.max} ${unit}, got ${size}`);
}

function checkRange(shape: BotocoreShape, n: number, fail: (rule: string) => void): void {
  if (shape.min !== undefined && n < shape.min) fail(`>= ${shape.min}, got ${n}`);
  if (shape.max !== undefined && n > shape.max) fail(`<= ${shape.max}, got ${n}`);
}

function join(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function isStreamLike(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string | symbol, unknown>;
  return typeof o.pipe === 'function' || typeof o.stream === 'function' || Symbol.asyncIterator in o;
}
