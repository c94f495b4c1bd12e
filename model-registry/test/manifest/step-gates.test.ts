import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { mutate } from './fixtures.ts';

const DEFAULT_GATES = '    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 100 }\n';
const withGates = (gates: string) => mutate(DEFAULT_GATES, gates);
const errorsOf = (text: string) => {
  const result = loadManifest(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};

describe('models.yaml: step gates (webhooks, manual approval)', () => {
  it('reads webhooks with their defaults and a manual gate', () => {
    const result = loadManifest(
      withGates(`    gates:
      minRequests: 100
      webhooks:
        - { url: https://checks.example.com/release }
        - { url: http://127.0.0.1:9000/gate, timeout: 3s, on: promote, onFailure: rollback }
      manual: { on: promote }
`),
    );

    expect(result.ok && result.manifest.models[0]?.release.gates).toEqual({
      maxErrorRate: 0.01,
      maxP99LatencyMs: 500,
      minRequests: 100,
      alarms: [],
      webhooks: [
        { url: 'https://checks.example.com/release', timeoutMs: 10_000, on: 'step', onFailure: 'hold' },
        { url: 'http://127.0.0.1:9000/gate', timeoutMs: 3_000, on: 'promote', onFailure: 'rollback' },
      ],
      manual: { on: 'promote' },
    });
  });

  it('a manual gate without `on` is asked at every step', () => {
    const result = loadManifest(withGates('    gates: { manual: {} }\n'));

    expect(result.ok && result.manifest.models[0]?.release.gates.manual).toEqual({ on: 'step' });
  });

  it('a model inherits the defaults step gates; its own webhooks replace them', () => {
    const text = withGates(
      '    gates: { webhooks: [{ url: https://a.example.com/ }], manual: { on: step } }\n',
    ).replace(
      '      duration: 24h\n',
      '      duration: 24h\n      gates: { webhooks: [{ url: https://b.example.com/ }] }\n',
    );

    const result = loadManifest(text);

    expect(result.ok && result.manifest.models[0]?.release.gates.webhooks?.map((w) => w.url)).toEqual([
      'https://a.example.com/',
    ]);
    expect(result.ok && result.manifest.models[1]?.release.gates).toMatchObject({
      webhooks: [{ url: 'https://b.example.com/' }],
      manual: { on: 'step' },
    });
  });

  it.each([
    [
      'plain http to another host',
      '    gates: { webhooks: [{ url: http://checks.example.com/gate }] }\n',
      'models.yaml:13:32: defaults.release.gates.webhooks[0].url: http:// is allowed only for localhost and 127.0.0.1 (local use); use https:// for checks.example.com',
    ],
    [
      'a URL that is no URL',
      '    gates: { webhooks: [{ url: checks/gate }] }\n',
      'models.yaml:13:32: defaults.release.gates.webhooks[0].url: expected an https:// URL, got "checks/gate"',
    ],
    [
      'another scheme',
      '    gates: { webhooks: [{ url: "ftp://checks.example.com/" }] }\n',
      'models.yaml:13:32: defaults.release.gates.webhooks[0].url: expected an https:// URL, got "ftp://checks.example.com/"',
    ],
    [
      'a password in the URL',
      '    gates: { webhooks: [{ url: "https://bot:s3cret@checks.example.com/" }] }\n',
      'models.yaml:13:32: defaults.release.gates.webhooks[0].url: must not carry a user name or password (status and history show the URL)',
    ],
    [
      'a timeout above 30s',
      '    gates: { webhooks: [{ url: https://c.example.com/, timeout: 60s }] }\n',
      'models.yaml:13:65: defaults.release.gates.webhooks[0].timeout: expected a duration from 1s to 30s, got "60s"',
    ],
    [
      'a timeout that is a bare number',
      '    gates: { webhooks: [{ url: https://c.example.com/, timeout: 10 }] }\n',
      'models.yaml:13:65: defaults.release.gates.webhooks[0].timeout: expected a duration from 1s to 30s, got number 10',
    ],
    [
      'an unknown onFailure',
      '    gates: { webhooks: [{ url: https://c.example.com/, onFailure: retry }] }\n',
      'models.yaml:13:67: defaults.release.gates.webhooks[0].onFailure: expected one of hold | rollback, got "retry"',
    ],
    [
      'a misspelt key, with a suggestion',
      '    gates: { webhooks: [{ url: https://c.example.com/, on_failure: hold }] }\n',
      'models.yaml:13:56: defaults.release.gates.webhooks[0].on_failure: unknown key (did you mean "onFailure"?)',
    ],
    [
      'a webhook without a URL',
      '    gates: { webhooks: [{ timeout: 5s }] }\n',
      'models.yaml:13:25: defaults.release.gates.webhooks[0].url: is required',
    ],
    [
      'an empty webhook list',
      '    gates: { webhooks: [] }\n',
      'models.yaml:13:24: defaults.release.gates.webhooks: needs at least 1 item(s)',
    ],
    [
      'one URL listed twice',
      '    gates: { webhooks: [{ url: https://c.example.com/ }, { url: https://c.example.com/ }] }\n',
      'models.yaml:13:65: defaults.release.gates.webhooks[1].url: is listed twice',
    ],
    [
      'a manual gate on something else',
      '    gates: { manual: { on: deploy } }\n',
      'models.yaml:13:28: defaults.release.gates.manual.on: expected one of step | promote, got "deploy"',
    ],
    [
      'a misspelt gate',
      '    gates: { webhook: [{ url: https://c.example.com/ }] }\n',
      'models.yaml:13:14: defaults.release.gates.webhook: unknown key (did you mean "webhooks"?)',
    ],
  ])('reports %s, with its position', (_name, gates, expected) => {
    expect(errorsOf(withGates(gates))).toContain(expected);
  });

  it('says a problem in defaults.release once, though every model inherits it', () => {
    const errors = errorsOf(
      withGates('    gates: { webhooks: [{ url: https://c.example.com/ }, { url: https://c.example.com/ }] }\n'),
    );

    expect(errors).toEqual(['models.yaml:13:65: defaults.release.gates.webhooks[1].url: is listed twice']);
  });
});
