// Drops of a shadow's mirrored requests as a CloudWatch metric in embedded metric format: a log line,
// so counting one adds no request to the synchronous invoke's answer (an S3 write would).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName } from '../../../../release-tools/src/domain/metric-contract.ts';
import type { MirrorDrop, MirrorSink } from '../../../../release-tools/src/ports/mirrored-pairs.ts';

export type EmfMirrorDropsOptions =
  | { readonly metrics: Metrics }
  | { readonly namespace: string; readonly serviceName?: string };

export class EmfMirrorDrops implements Pick<MirrorSink, 'dropped'> {
  private readonly metrics: Metrics;

  constructor(options: EmfMirrorDropsOptions) {
    if ('metrics' in options) {
      this.metrics = options.metrics;
      return;
    }
    this.metrics = new Metrics({ namespace: options.namespace, serviceName: options.serviceName ?? 'inference' });
    this.metrics.clearDefaultDimensions();
  }

  dropped(drop: MirrorDrop): void {
    this.metrics.addDimensions({ Model: drop.model, Version: drop.candidateVersion });
    this.metrics.addMetric(MetricName.mirrorDropped, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }
}
