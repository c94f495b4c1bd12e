// Creates the per-model, per-track gate alarms rendered from models.yaml.
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmSpec } from './specs.ts';
import { toAlarmMetric } from './to-cdk-metric.ts';

export interface ModelAlarmsProps {
  /** Rendered by `renderAlarms(manifest)`. */
  readonly alarms: readonly AlarmSpec[];
  /** Where alarm and OK transitions are announced (the controller also reacts through EventBridge). */
  readonly notify: ITopic;
}

export class ModelAlarms extends Construct {
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ModelAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.notify);
    this.alarms = props.alarms.map((spec) => {
      const alarm = new Alarm(this, spec.alarmName, {
        alarmName: spec.alarmName,
        alarmDescription: spec.description,
        metric: toAlarmMetric(spec.source),
        threshold: spec.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        // An idle track (no candidate yet) must stay OK, not go to INSUFFICIENT_DATA and block gates.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });
  }
}
