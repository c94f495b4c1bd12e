// WeightGauge on CloudWatch: one PutMetricData datapoint of CandidateWeight (Percent) per call, in
// the namespace and with the dimension the stack's dashboards read (domain/metric-contract.ts).
import { type CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE, MetricName } from '../../domain/metric-contract.ts';
import type { WeightGauge } from '../../ports/weight-gauge.ts';

export class CloudWatchWeightGauge implements WeightGauge {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly now: () => number = Date.now,
  ) {}

  async set(model: string, weight: number): Promise<void> {
    await this.client.send(
      new PutMetricDataCommand({
        Namespace: METRICS_NAMESPACE,
        MetricData: [
          {
            MetricName: MetricName.candidateWeight,
            Dimensions: [{ Name: 'Model', Value: model }],
            Timestamp: new Date(this.now()),
            Value: Math.min(100, Math.max(0, weight)),
            Unit: 'Percent',
          },
        ],
      }),
    );
  }
}
