// Requests topic -> one SQS lane per `lane` attribute (optionally narrowed by `model`), each with a DLQ,
// long polling and backlog alarms.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type ITopic, SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_PREFIX } from '../../../release-tools/src/domain/metric-contract.ts';
import type { LaneConfig } from '../stack/infra-config.ts';

export const MAX_RECEIVE_COUNT = 5;
export const LONG_POLL_SECONDS = 20;

export interface RequestLanesProps {
  readonly lanes: readonly LaneConfig[];
  readonly topicKey: IKey;
  readonly queueKey: IKey;
  /** Visibility timeout of the lanes; must exceed the worker's timeout by a margin. */
  readonly visibilityTimeout: Duration;
  /** Where backlog and dead-letter alarms are announced. */
  readonly alarmTopic: ITopic;
}

export interface Lane {
  readonly name: string;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

export class RequestLanes extends Construct {
  readonly topic: Topic;
  readonly lanes: readonly Lane[];

  constructor(scope: Construct, id: string, props: RequestLanesProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Requests', { masterKey: props.topicKey, enforceSSL: true });
    this.lanes = props.lanes.map((lane) => this.lane(lane, props));
  }

  private lane(config: LaneConfig, props: RequestLanesProps): Lane {
    const name = config.name;
    const queueProps = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.queueKey, enforceSSL: true };
    const deadLetterQueue = new Queue(this, `${name}Dlq`, { ...queueProps, retentionPeriod: Duration.days(14) });
    const queue = new Queue(this, `${name}Lane`, {
      ...queueProps,
      receiveMessageWaitTime: Duration.seconds(LONG_POLL_SECONDS),
      visibilityTimeout: props.visibilityTimeout,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.topic.addSubscription(
      new SqsSubscription(queue, {
        rawMessageDelivery: true,
        filterPolicy: {
          lane: SubscriptionFilter.stringFilter({ allowlist: [name] }),
          ...(config.models ? { model: SubscriptionFilter.stringFilter({ allowlist: [...config.models] }) } : {}),
        },
      }),
    );
    const action = new SnsAction(props.alarmTopic);
    new Alarm(this, `${name}DlqDepth`, {
      alarmName: `${ALARM_PREFIX}lane-${name}-dlq-depth`,
      alarmDescription: `Requests in lane ${name} failed ${MAX_RECEIVE_COUNT} times and were dead-lettered`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
    new Alarm(this, `${name}OldestAge`, {
      alarmName: `${ALARM_PREFIX}lane-${name}-oldest-message-age`,
      alarmDescription: `Lane ${name} is falling behind: oldest request older than ${config.maxAgeSeconds} s`,
      metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: config.maxAgeSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
    return { name, queue, deadLetterQueue };
  }
}
