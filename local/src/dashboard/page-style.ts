// Inline stylesheet of the dashboard page (no external assets). Colours pass WCAG AA on white, and
// every colour-coded fact also appears as text or a line style, so nothing relies on colour alone.
export const PAGE_STYLE = `
:root { --stable: #1d4ed8; --candidate: #c2410c; --ink: #111827; --muted: #4b5563; --line: #e5e7eb;
  --bg: #f3f4f6; --card: #ffffff; --pass: #166534; --pass-bg: #dcfce7; --fail: #991b1b; --fail-bg: #fee2e2;
  --wait: #854d0e; --wait-bg: #fef9c3; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 14px; line-height: 1.45; }
header.top { display: flex; align-items: baseline; justify-content: space-between; flex-wrap: wrap; gap: 8px;
  padding: 14px 24px; background: var(--card); border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0; font-size: 20px; }
.meta { color: var(--muted); margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
#banner { margin: 16px 24px 0; padding: 10px 14px; border-radius: 6px; background: var(--fail-bg); color: var(--fail);
  border: 1px solid #fca5a5; font-weight: 600; }
main { padding: 16px 24px 32px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 20px; }
.empty { background: var(--card); border: 1px dashed #9ca3af; border-radius: 8px; padding: 28px; text-align: center; color: var(--muted); }
.model { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; }
.model-head { display: flex; align-items: center; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
.model-head h2 { margin: 0; font-size: 18px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 700;
  background: #e5e7eb; color: #374151; }
.phase-Progressing { background: #dbeafe; color: #1e3a8a; } .phase-Promoted { background: var(--pass-bg); color: var(--pass); }
.phase-RolledBack, .phase-Aborted { background: var(--fail-bg); color: var(--fail); }
.phase-Paused { background: var(--wait-bg); color: var(--wait); }
.v-pass { background: var(--pass-bg); color: var(--pass); } .v-fail { background: var(--fail-bg); color: var(--fail); }
.v-inconclusive { background: var(--wait-bg); color: var(--wait); }
.step { color: var(--muted); }
.tracks { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
.track { border: 1px solid var(--line); border-top: 4px solid var(--stable); border-radius: 8px; padding: 10px 14px; }
.track.candidate { border-top-color: var(--candidate); }
.track.none { border-top-color: #9ca3af; color: var(--muted); display: flex; align-items: center; }
.track h3 { margin: 0 0 6px; font-size: 14px; } .track h3 .version { font-family: ui-monospace, monospace; font-weight: 600; }
.stats { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 6px; margin: 0; }
.stats div { min-width: 0; } .stats dt { color: var(--muted); font-size: 12px; }
.stats dd { margin: 0; font-size: 18px; font-weight: 650; font-variant-numeric: tabular-nums; }
.weight { margin: 12px 0 4px; display: flex; height: 22px; border-radius: 6px; overflow: hidden; background: var(--line);
  font-size: 12px; font-weight: 700; color: #fff; }
.weight > span { display: flex; align-items: center; justify-content: center; white-space: nowrap; overflow: hidden; }
.seg-stable { background: var(--stable); } .seg-candidate { background: var(--candidate); }
h3.section { font-size: 14px; margin: 16px 0 6px; }
.legend { display: flex; gap: 16px; color: var(--muted); font-size: 12px; margin: 0 0 4px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
.charts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; }
figure { margin: 0; } figcaption { font-size: 12px; color: var(--muted); font-weight: 600; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 10px; fill: var(--muted); font-family: inherit; }
svg.chart text.no-data { font-size: 11px; font-style: italic; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
.line-stable polyline, .line-stable line, .line-candidate polyline, .line-candidate line { fill: none; stroke-width: 2; }
.line-stable polyline, .line-stable line { stroke: var(--stable); } .line-stable circle { fill: var(--stable); }
.line-candidate polyline, .line-candidate line { stroke: var(--candidate); stroke-dasharray: 5 3; }
.line-candidate circle { fill: var(--candidate); }
.panels { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 8px; }
.panels > div { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td .badge { font-size: 11px; } td { white-space: nowrap; } td:first-child { white-space: normal; }
.seg-name { white-space: pre; }
.detail { color: var(--muted); }
.none-yet { color: var(--muted); margin: 4px 0; }
.divergence { margin-top: 8px; } .divergence .detail { margin: 4px 0; } h4.section { font-size: 13px; margin: 8px 0 4px; }
ol.examples { margin: 0; padding-left: 20px; } ol.examples code { font-family: ui-monospace, monospace; font-size: 12px; }
ol.history { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow-y: auto; }
ol.history li { display: grid; grid-template-columns: 90px 150px 1fr; gap: 8px; padding: 4px 0; border-bottom: 1px solid var(--line); }
ol.history time { color: var(--muted); font-variant-numeric: tabular-nums; }
ol.history .who { color: var(--muted); }
@media (max-width: 900px) { .tracks, .panels, .charts { grid-template-columns: minmax(0, 1fr); }
  .stats { grid-template-columns: repeat(3, minmax(0, 1fr)); } main, header.top { padding-left: 12px; padding-right: 12px; }
  .model { padding: 12px; } .seg-name { display: none; } ol.history li { grid-template-columns: 70px minmax(0, 1fr); }
  ol.history li > :last-child { grid-column: 1 / -1; } }
`;
