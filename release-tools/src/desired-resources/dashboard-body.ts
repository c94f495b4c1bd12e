// Pure: a dashboard spec -> the CloudWatch dashboard body (PutDashboard's DashboardBody), laid out
// as the CDK's Dashboard construct does: rows top to bottom, widgets side by side on a 24-wide grid.
import type {
  DashboardSpec,
  MetricRef,
  WidgetSpec,
} from '../../../inference-stack/src/constructs/observability/specs.ts';

export interface DashboardPlace {
  readonly region: string;
  /** `arn:<partition>:cloudwatch:<region>:<account>:alarm:`, to which alarm widgets append names. */
  readonly alarmArnPrefix: string;
}

export function dashboardBody(spec: DashboardSpec, place: DashboardPlace): string {
  const widgets: unknown[] = [];
  let y = 0;
  for (const row of spec.rows) {
    let x = 0;
    let rowHeight = 0;
    for (const w of row) {
      const height = 'height' in w ? w.height : ALARM_WIDGET_HEIGHT;
      widgets.push({ ...widget(w, place), x, y, width: w.width, height });
      x += w.width;
      rowHeight = Math.max(rowHeight, height);
    }
    y += rowHeight;
  }
  return JSON.stringify({ widgets });
}

const ALARM_WIDGET_HEIGHT = 3;

function widget(w: WidgetSpec, place: DashboardPlace) {
  switch (w.kind) {
    case 'text':
      return { type: 'text', properties: { markdown: w.markdown } };
    case 'graph':
      return {
        type: 'metric',
        properties: {
          view: 'timeSeries',
          title: w.title,
          region: place.region,
          metrics: w.metrics.map(metricLine),
          ...(w.unit ? { yAxis: { left: { label: w.unit, showUnits: false } } } : {}),
        },
      };
    case 'alarms':
      return {
        type: 'alarm',
        properties: { title: w.title, alarms: w.alarmNames.map((name) => `${place.alarmArnPrefix}${name}`) },
      };
  }
}

function metricLine(m: MetricRef): unknown[] {
  const dims = Object.entries(m.dimensions).flat();
  return [
    m.namespace,
    m.metricName,
    ...dims,
    { stat: m.statistic, period: m.periodSeconds, ...(m.label ? { label: m.label } : {}) },
  ];
}
