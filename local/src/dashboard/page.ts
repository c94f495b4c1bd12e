// The dashboard page: one self-contained HTML document (inline CSS and JS, no external asset) that
// polls the data built by `buildDashboardData` and renders it. The server serves it as text/html.
import { createHash } from 'node:crypto';
import { CHART_JS } from './client/chart.ts';
import { DOM_FORMAT_JS } from './client/dom-format.ts';
import { LIVE_UPDATES_JS } from './client/live-updates.ts';
import { RENDER_DIVERGENCE_JS } from './client/render-divergence.ts';
import { RENDER_MODEL_JS } from './client/render-model.ts';
import { PAGE_STYLE } from './page-style.ts';

export interface DashboardPageOptions {
  /** Where the page fetches its data, relative to the page. @default './dashboard/data.json' */
  readonly dataUrl?: string;
  /** Poll interval in ms. @default 2000 */
  readonly pollMs?: number;
  /** A poll that gets no answer within this many ms counts as failed. @default 5000 */
  readonly timeoutMs?: number;
  /** Document title and main heading. @default 'Model releases' */
  readonly title?: string;
}

const SCRIPT = `'use strict';\n(() => {${DOM_FORMAT_JS}${CHART_JS}${RENDER_MODEL_JS}${RENDER_DIVERGENCE_JS}${LIVE_UPDATES_JS}})();\n`;

export function dashboardHtml(options: DashboardPageOptions = {}): string {
  const dataUrl = options.dataUrl ?? './dashboard/data.json';
  const pollMs = options.pollMs ?? 2000;
  const title = escapeHtml(options.title ?? 'Model releases');
  const timeoutMs = options.timeoutMs ?? 5000;
  const config = scriptSafeJson({ dataUrl, pollMs, timeoutMs });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(dataUrl))}">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="top">
  <h1>${title}</h1>
  <p class="meta">Stable vs candidate per model · updated <time id="updated">never</time> · refreshes every ${pollMs / 1000} s</p>
</header>
<div id="banner" role="alert" hidden></div>
<p id="announce" class="sr-only" aria-live="polite"></p>
<main id="models" aria-busy="true"><p class="empty">Loading…</p></main>
<script type="application/json" id="dashboard-config">${config}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// Only this page's own script runs, and it may only fetch the data URL: a hostile string that
// slipped past the renderer still could not load or send anything.
function contentSecurityPolicy(dataUrl: string): string {
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const styleHash = createHash('sha256').update(PAGE_STYLE).digest('base64');
  const dataOrigin = /^https?:\/\//i.test(dataUrl) ? ` ${new URL(dataUrl).origin}` : '';
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    `style-src 'sha256-${styleHash}'`,
    `connect-src 'self'${dataOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** JSON that cannot close the surrounding <script> element or break a JS string. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
