// Plain-data descriptions of alarms and dashboard widgets: rendered by pure helpers, turned into
// CloudWatch inputs by release-tools/src/desired-resources (PutMetricAlarm, PutDashboard) at run time.
import type { AlarmDefinition } from '../../../../release-tools/src/domain/alarms/alarm-definition.ts';

export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** CloudWatch statistic: 'Sum', 'Average', 'Maximum', 'p50', 'p99'. */
  readonly statistic: string;
  readonly label?: string;
  readonly periodSeconds: number;
}

export type AlarmSource =
  | { readonly kind: 'metric'; readonly metric: MetricRef }
  | {
      readonly kind: 'math';
      readonly expression: string;
      readonly label: string;
      readonly usingMetrics: Readonly<Record<string, MetricRef>>;
    };

/** An alarm definition (release-tools' alarm-definition.ts) and what it watches on CloudWatch. */
export interface AlarmSpec extends AlarmDefinition {
  readonly description: string;
  readonly source: AlarmSource;
}

export type WidgetSpec =
  | { readonly kind: 'text'; readonly markdown: string; readonly width: number; readonly height: number }
  | {
      readonly kind: 'graph';
      readonly title: string;
      readonly metrics: readonly MetricRef[];
      readonly unit?: string;
      readonly width: number;
      readonly height: number;
    }
  | { readonly kind: 'alarms'; readonly title: string; readonly alarmNames: readonly string[]; readonly width: number };

export interface DashboardSpec {
  readonly dashboardName: string;
  readonly model: string;
  /** Rows, top to bottom; widgets in a row sit side by side (stable left, candidate right). */
  readonly rows: readonly (readonly WidgetSpec[])[];
}
