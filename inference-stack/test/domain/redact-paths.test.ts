// Errors a model raises reach callers; the platform's file layout must not (issue 17).
import { describe, expect, it } from 'vitest';
import { ModelInvocationError, redactPaths } from '../../src/ports/model-host.ts';

describe('redactPaths', () => {
  it.each([
    [
      'Load model from /work/main/.mlrelease/artifacts/fraud/1.3.0/model.onnx failed: bad',
      'Load model from <path> failed: bad',
    ],
    ["file '/tmp/x/y.onnx' missing", "file '<path>' missing"],
    ['(/var/lib/a/b) and /etc/passwd', '(<path>) and <path>'],
    [
      'Non-zero status code returned while running Div node. Name:/Div',
      'Non-zero status code returned while running Div node. Name:/Div',
    ],
    ['shape [2,3] vs 1/2 of the batch', 'shape [2,3] vs 1/2 of the batch'],
  ])('%s', (input, expected) => {
    expect(redactPaths(input)).toBe(expected);
  });

  it('applies to every model invocation error, keeping the original as the cause', () => {
    const cause = new Error('cannot open /home/me/.mlrelease/artifacts/m/1.0.0/model.onnx');
    const error = new ModelInvocationError('m/1.0.0-abc/model.onnx', cause.message, { cause });

    expect(error.message).toBe('m/1.0.0-abc/model.onnx: cannot open <path>');
    expect(error.cause).toBe(cause);
  });
});
