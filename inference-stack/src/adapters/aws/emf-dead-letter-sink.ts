// DeadLetterSink as CloudWatch embedded metric format: DeadLettered = 1 with {Model, Version}, so the
// controller reads the candidate version's dead letters back with GetMetricData (SQS's redrive moves
// the message itself, and a DLQ message carries nothing the worker could have added then).
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName } from '../../../../release-tools/src/domain/metric-contract.ts';
import type { DeadLetterNotice, DeadLetterSink } from '../../../../release-tools/src/ports/dead-letters.ts';
import { type EmfMetricSinkOptions, emfMetrics } from './emf-metric-sink.ts';

export class EmfDeadLetterSink implements DeadLetterSink {
  private readonly metrics: Metrics;

  /** Without default dimensions: exactly {Model, Version}, what the reader asks for. */
  constructor(options: EmfMetricSinkOptions) {
    this.metrics = emfMetrics(options);
  }

  deadLettered(notice: DeadLetterNotice): void {
    this.metrics.addDimensions({ Model: notice.model, Version: notice.version });
    this.metrics.addMetric(MetricName.deadLettered, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }
}
