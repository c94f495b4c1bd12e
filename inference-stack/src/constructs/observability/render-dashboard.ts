// Pure: one dashboard per model, stable and candidate side by side, from models.yaml.
import type { Manifest, ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import { alarmName } from '../../../../release-tools/src/domain/alarms/alarm-names.ts';
import {
  dashboardName,
  METRICS_NAMESPACE,
  MetricName,
  TRACKS,
} from '../../../../release-tools/src/domain/metric-contract.ts';
import type { Track } from '../../../../release-tools/src/domain/route-table.ts';
import { trackMetric } from './render-alarms.ts';
import type { DashboardSpec, MetricRef, WidgetSpec } from './specs.ts';

export interface DashboardInputs {
  /** Names of the dead-letter queues whose depth every model dashboard shows (CDK tokens are fine). */
  readonly deadLetterQueueNames: readonly string[];
  readonly periodSeconds?: number;
}

const HALF = 12;
const HEIGHT = 6;

export function renderDashboards(manifest: Manifest, inputs: DashboardInputs): DashboardSpec[] {
  return manifest.models.map((model) => renderDashboard(model, inputs));
}

export function renderDashboard(model: ModelSpec, inputs: DashboardInputs): DashboardSpec {
  const period = inputs.periodSeconds ?? 60;
  const m = model.name;
  const side = (title: string, metrics: (track: Track) => MetricRef[], unit?: string): WidgetSpec[] =>
    TRACKS.map((track) => ({
      kind: 'graph',
      title: `${track}: ${title}`,
      metrics: metrics(track),
      width: HALF,
      height: HEIGHT,
      ...(unit ? { unit } : {}),
    }));
  const weight: MetricRef = {
    namespace: METRICS_NAMESPACE,
    metricName: MetricName.candidateWeight,
    dimensions: { Model: m },
    statistic: 'Maximum',
    label: 'candidate weight %',
    periodSeconds: period,
  };
  const dlqDepth = inputs.deadLetterQueueNames.map(
    (queueName): MetricRef => ({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
      periodSeconds: period,
    }),
  );
  return {
    dashboardName: dashboardName(m),
    model: m,
    rows: [
      [{ kind: 'text', markdown: describeRelease(model), width: 24, height: 2 }],
      side('requests and errors', (t) => [
        trackMetric(m, t, MetricName.invocations, 'Sum', period),
        trackMetric(m, t, MetricName.errors, 'Sum', period),
      ]),
      side(
        'latency p50 / p99',
        (t) => [
          trackMetric(m, t, MetricName.latency, 'p50', period),
          trackMetric(m, t, MetricName.latency, 'p99', period),
        ],
        'ms',
      ),
      [
        { kind: 'graph', title: 'candidate traffic weight', metrics: [weight], unit: '%', width: HALF, height: HEIGHT },
        { kind: 'graph', title: 'dead-letter queue depth', metrics: dlqDepth, width: HALF, height: HEIGHT },
      ],
      [
        {
          kind: 'alarms',
          title: 'release gates',
          alarmNames: TRACKS.flatMap((t) => [alarmName(m, t, 'error-rate'), alarmName(m, t, 'p99-latency')]),
          width: 24,
        },
      ],
    ],
  };
}

function describeRelease(model: ModelSpec): string {
  const g = model.release.gates;
  return (
    `## ${model.name} — ${model.release.strategy} release\n` +
    `Gates: error rate ≤ ${g.maxErrorRate * 100}%, p99 ≤ ${g.maxP99LatencyMs} ms, after ${g.minRequests} requests`
  );
}
