// DeadLetterSink as CloudWatch embedded metric format: DeadLettered = 1 with {Model, Version}, so the
// controller reads the candidate version's dead letters back with GetMetricData (SQS's redrive moves
// the message itself, and a DLQ message carries nothing the worker could have added then).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName } from '../../../../release-tools/src/domain/metric-contract.ts';
import type { DeadLetterNotice, DeadLetterSink } from '../../../../release-tools/src/ports/dead-letters.ts';

export type EmfDeadLetterSinkOptions =
  | { readonly metrics: Metrics }
  | { readonly namespace: string; readonly serviceName?: string };

export class EmfDeadLetterSink implements DeadLetterSink {
  private readonly metrics: Metrics;

  constructor(options: EmfDeadLetterSinkOptions) {
    if ('metrics' in options) {
      this.metrics = options.metrics;
      return;
    }
    this.metrics = new Metrics({ namespace: options.namespace, serviceName: options.serviceName ?? 'inference' });
    // Exactly {Model, Version}: what the reader asks for.
    this.metrics.clearDefaultDimensions();
  }

  deadLettered(notice: DeadLetterNotice): void {
    this.metrics.addDimensions({ Model: notice.model, Version: notice.version });
    this.metrics.addMetric(MetricName.deadLettered, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }
}
