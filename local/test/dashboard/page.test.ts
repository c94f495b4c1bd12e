import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { dashboardHtml } from '../../src/dashboard/page.ts';

const between = (html: string, open: string, close: string) => {
  const start = html.indexOf(open);
  const end = html.indexOf(close, start);
  if (start < 0 || end < 0) throw new Error(`no ${open} in page`);
  return html.slice(start + open.length, end);
};
const config = (html: string) =>
  JSON.parse(between(html, '<script type="application/json" id="dashboard-config">', '</script>'));
// The policy sits in an attribute, so the browser reads it with its entities decoded.
const csp = (html: string) =>
  between(html, '<meta http-equiv="Content-Security-Policy" content="', '">')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('dashboardHtml', () => {
  test('ships browser code that parses', () => {
    const code = between(dashboardHtml(), '<script>', '</script>');

    expect(() => new Script(code)).not.toThrow();
  });

  test('loads nothing from elsewhere', () => {
    const html = dashboardHtml();

    expect(html).not.toMatch(/\b(src|href)\s*=|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });

  test('allows exactly its own inline script and style through its content security policy', () => {
    const html = dashboardHtml();
    const policy = csp(html);

    expect(policy).toContain(`script-src 'sha256-${sha256(between(html, '<script>', '</script>'))}'`);
    expect(policy).toContain(`style-src 'sha256-${sha256(between(html, '<style>', '</style>'))}'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
  });

  test('polls ./dashboard/data.json every 2 s by default, giving up on a poll after 5 s', () => {
    expect(config(dashboardHtml())).toEqual({ dataUrl: './dashboard/data.json', pollMs: 2000, timeoutMs: 5000 });
  });

  test('takes another data URL and interval, and lets the policy reach another origin', () => {
    const html = dashboardHtml({ dataUrl: 'http://127.0.0.1:9000/data.json', pollMs: 500, timeoutMs: 300 });

    expect(config(html)).toEqual({ dataUrl: 'http://127.0.0.1:9000/data.json', pollMs: 500, timeoutMs: 300 });
    expect(csp(html)).toContain("connect-src 'self' http://127.0.0.1:9000");
    expect(html).toContain('refreshes every 0.5 s');
  });

  test('keeps a hostile data URL and title inert', () => {
    const dataUrl = '</script><script>alert(1)</script>\u2028';
    const html = dashboardHtml({ dataUrl, title: '<b onclick="x">Title</b>' });

    expect(config(html).dataUrl).toBe(dataUrl);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<title>&lt;b onclick=&quot;x&quot;&gt;Title&lt;/b&gt;</title>');
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  test('declares the language, a main heading, a live region and an alert banner', () => {
    const html = dashboardHtml();

    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<h1>Model releases<\/h1>/);
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('<div id="banner" role="alert" hidden>');
  });
});
