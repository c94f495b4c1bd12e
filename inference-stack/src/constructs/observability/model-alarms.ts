// Creates the per-model, per-track gate alarms rendered from models.yaml.
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmDefinition, Comparison } from '../../../../release-tools/src/domain/alarms/alarm-definition.ts';
import type { AlarmSpec } from './specs.ts';
import { toAlarmMetric } from './to-cdk-metric.ts';

const COMPARISON: Record<Comparison, ComparisonOperator> = {
  GreaterThanThreshold: ComparisonOperator.GREATER_THAN_THRESHOLD,
  GreaterThanOrEqualToThreshold: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  LessThanThreshold: ComparisonOperator.LESS_THAN_THRESHOLD,
};

const MISSING_DATA: Record<AlarmDefinition['treatMissingData'], TreatMissingData> = {
  missing: TreatMissingData.MISSING,
  notBreaching: TreatMissingData.NOT_BREACHING,
  breaching: TreatMissingData.BREACHING,
  ignore: TreatMissingData.IGNORE,
};

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
      const alarm = new Alarm(this, spec.name, {
        alarmName: spec.name,
        alarmDescription: spec.description,
        metric: toAlarmMetric(spec.source),
        threshold: spec.threshold,
        comparisonOperator: COMPARISON[spec.comparison],
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: MISSING_DATA[spec.treatMissingData],
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });
  }
}
