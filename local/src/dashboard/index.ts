// What the local platform's HTTP server calls: the page at GET /dashboard, the data at
// GET /dashboard/data.json.
export {
  buildDashboardData,
  type DashboardData,
  type DashboardInput,
  type DivergenceInput,
  type DivergencePanel,
  type GateVerdictInput,
  type HistoryEvent,
  type JudgeVerdictInput,
  type MetricBucketInput,
  type ModelPanel,
  type RolloutInput,
  type RolloutPhase,
  type VerdictOutcome,
} from './dashboard-data.ts';
export { type DashboardPageOptions, dashboardHtml } from './page.ts';
