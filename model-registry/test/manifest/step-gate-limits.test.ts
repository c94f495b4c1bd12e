// Step gates' limits on both sides: webhook timeouts 1s..30s, which URLs are allowed, the defaults.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { doc, where } from './doc.ts';

const gates = (fields: string) => doc({ 11: `    release: { strategy: all-at-once, gates: { ${fields} } }` });
const errorsOf = (text: string) => {
  const result = loadManifest(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};
const gatesOf = (fields: string) => {
  const result = loadManifest(gates(fields));
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.manifest.models[0]!.release.gates;
};

describe('webhook timeout', () => {
  it.each([
    ['1s', 1_000],
    ['1000ms', 1_000],
    ['30s', 30_000],
    ['30000ms', 30_000],
    ['0.5m', 30_000],
  ])('reads %s as %i ms', (timeout, ms) => {
    expect(gatesOf(`webhooks: [{ url: https://a.example.com/, timeout: ${timeout} }]`).webhooks).toEqual([
      { url: 'https://a.example.com/', timeoutMs: ms, on: 'step', onFailure: 'hold' },
    ]);
  });

  it.each([
    ['999ms', '"999ms"'],
    ['30001ms', '"30001ms"'],
    ['1m', '"1m"'],
    ['soon', '"soon"'],
    ['5', 'number 5'],
    ['[1s]', 'a list'],
    ['~', 'null'],
  ])('refuses %s', (timeout, got) => {
    const text = gates(`webhooks: [{ url: https://a.example.com/, timeout: ${timeout} }]`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, `timeout: ${timeout}`, 9)}: models[0].release.gates.webhooks[0].timeout: expected a duration from 1s to 30s, got ${got}`,
    ]);
  });
});

describe('webhook URL', () => {
  it.each([
    'https://checks.example.com/gate',
    'https://checks.example.com:8443/gate?x=1',
    'http://localhost:9000/gate',
    'http://127.0.0.1/gate',
    'http://[::1]:9000/gate',
  ])('accepts %s', (url) => {
    expect(gatesOf(`webhooks: [{ url: "${url}" }]`).webhooks?.[0]?.url).toBe(url);
  });

  it.each([
    [
      'http://10.0.0.1/gate',
      'http:// is allowed only for localhost and 127.0.0.1 (local use); use https:// for 10.0.0.1',
    ],
    [
      'http://localhost.example.com/',
      'http:// is allowed only for localhost and 127.0.0.1 (local use); use https:// for localhost.example.com',
    ],
    ['https://bot@checks.example.com/', 'must not carry a user name or password (status and history show the URL)'],
    ['https://:pw@checks.example.com/', 'must not carry a user name or password (status and history show the URL)'],
    ['file:///etc/passwd', 'expected an https:// URL, got "file:///etc/passwd"'],
    ['', 'expected an https:// URL, got ""'],
  ])('refuses %j', (url, message) => {
    const text = gates(`webhooks: [{ url: "${url}" }]`);
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, `"${url}"`)}: models[0].release.gates.webhooks[0].url: ${message}`,
    ]);
  });

  it('refuses a URL that is not text', () => {
    const text = gates('webhooks: [{ url: 443 }]');
    expect(errorsOf(text)).toEqual([
      `${where(text, 11, '443')}: models[0].release.gates.webhooks[0].url: expected an https:// URL`,
    ]);
  });

  it('reads two different URLs, each with its own settings', () => {
    expect(
      gatesOf(
        'webhooks: [{ url: https://a.example.com/, on: promote }, { url: https://b.example.com/, onFailure: rollback }]',
      ).webhooks,
    ).toEqual([
      { url: 'https://a.example.com/', timeoutMs: 10_000, on: 'promote', onFailure: 'hold' },
      { url: 'https://b.example.com/', timeoutMs: 10_000, on: 'step', onFailure: 'rollback' },
    ]);
  });
});

describe('manual gate', () => {
  it('reads on: step and on: promote; absent means no manual gate', () => {
    expect(gatesOf('manual: { on: step }').manual).toEqual({ on: 'step' });
    expect(gatesOf('manual: { on: promote }').manual).toEqual({ on: 'promote' });
    expect(gatesOf('minRequests: 5')).not.toHaveProperty('manual');
    expect(gatesOf('minRequests: 5')).not.toHaveProperty('webhooks');
  });
});
