// Creates one CloudWatch dashboard per model from rendered dashboard specs.
import { Alarm, AlarmStatusWidget, Dashboard, GraphWidget, type IWidget, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { DashboardSpec, WidgetSpec } from './specs.ts';
import { toMetric } from './to-cdk-metric.ts';

export interface ModelDashboardsProps {
  /** Rendered by `renderDashboards(manifest, inputs)`. */
  readonly dashboards: readonly DashboardSpec[];
}

export class ModelDashboards extends Construct {
  readonly dashboards: readonly Dashboard[];

  constructor(scope: Construct, id: string, props: ModelDashboardsProps) {
    super(scope, id);
    this.dashboards = props.dashboards.map(
      (spec) =>
        new Dashboard(this, spec.model, {
          dashboardName: spec.dashboardName,
          widgets: spec.rows.map((row) => row.map((w) => this.widget(spec.model, w))),
        }),
    );
  }

  private widget(model: string, spec: WidgetSpec): IWidget {
    switch (spec.kind) {
      case 'text':
        return new TextWidget({ markdown: spec.markdown, width: spec.width, height: spec.height });
      case 'graph':
        return new GraphWidget({
          title: spec.title,
          left: spec.metrics.map(toMetric),
          width: spec.width,
          height: spec.height,
          ...(spec.unit ? { leftYAxis: { label: spec.unit, showUnits: false } } : {}),
        });
      case 'alarms':
        return new AlarmStatusWidget({
          title: spec.title,
          width: spec.width,
          // By name, so dashboards and alarms stay independent constructs rendered from the same manifest.
          alarms: spec.alarmNames.map((name) => Alarm.fromAlarmName(this, `${model}-${name}`, name)),
        });
    }
  }
}
