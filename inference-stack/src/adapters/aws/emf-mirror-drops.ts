// Drops of a shadow's mirrored requests as a CloudWatch metric in embedded metric format: a log line,
// so counting one adds no request to the synchronous invoke's answer (an S3 write would).
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName } from '../../../../release-tools/src/domain/metric-contract.ts';
import type { MirrorDrop, MirrorSink } from '../../../../release-tools/src/ports/mirrored-pairs.ts';
import { type EmfMetricSinkOptions, emfMetrics } from './emf-metric-sink.ts';

export class EmfMirrorDrops implements Pick<MirrorSink, 'dropped'> {
  private readonly metrics: Metrics;

  /** Without default dimensions: exactly {Model, Version}. */
  constructor(options: EmfMetricSinkOptions) {
    this.metrics = emfMetrics(options);
  }

  dropped(drop: MirrorDrop): void {
    this.metrics.addDimensions({ Model: drop.model, Version: drop.candidateVersion });
    this.metrics.addMetric(MetricName.mirrorDropped, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }
}
