// Plain-data descriptions of alarms and dashboard widgets: rendered by pure helpers, turned into CDK
// CloudWatch inputs by release-tools/src/desired-resources (PutMetricAlarm, PutDashboard) at run time.

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

export interface AlarmSpec {
  readonly alarmName: string;
  readonly description: string;
  readonly model: string;
  readonly track: 'stable' | 'candidate';
  readonly kind: 'error-rate' | 'p99-latency';
  readonly source: AlarmSource;
  /** Breaches when the value is strictly greater than this. */
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
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
