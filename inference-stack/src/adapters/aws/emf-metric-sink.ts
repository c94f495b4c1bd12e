// MetricSink as CloudWatch embedded metric format (Powertools Metrics): Invocations, Errors and
// Latency with the dimension sets {Model, Track} (what alarms use) and {Model, Track, Version};
// and LatencyBucket = 1 with {Model, Track, Version, Bucket}, so the Sum per Bucket is the exact
// latency histogram the judge reads back (the same buckets as the local metric store).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { MetricName } from '../../../../release-tools/src/domain/metric-contract.ts';
import { latencyBucketLabel, latencyBucketOf } from '../../../../release-tools/src/domain/stats/latency-histogram.ts';
import type { InvocationRecord, MetricSink } from '../../../../release-tools/src/ports/metrics.ts';

export type EmfMetricSinkOptions =
  | { readonly metrics: Metrics }
  | { readonly namespace: string; readonly serviceName?: string };

/** The Powertools Metrics an EMF adapter writes with: the one given, or a new one without default dimensions. */
export function emfMetrics(options: EmfMetricSinkOptions): Metrics {
  if ('metrics' in options) return options.metrics;
  const metrics = new Metrics({ namespace: options.namespace, serviceName: options.serviceName ?? 'inference' });
  // Without the default `service` dimension, alarms and readers match on exactly the dimensions written.
  metrics.clearDefaultDimensions();
  return metrics;
}

export class EmfMetricSink implements MetricSink {
  private readonly metrics: Metrics;

  constructor(options: EmfMetricSinkOptions) {
    this.metrics = emfMetrics(options);
  }

  record(invocation: InvocationRecord): void {
    const metrics = this.metrics;
    metrics.addDimensions({ Model: invocation.model, Track: invocation.track });
    metrics.addDimensions({ Model: invocation.model, Track: invocation.track, Version: invocation.version });
    metrics.addMetric(MetricName.invocations, MetricUnit.Count, 1);
    metrics.addMetric(MetricName.errors, MetricUnit.Count, invocation.error ? 1 : 0);
    metrics.addMetric(MetricName.latency, MetricUnit.Milliseconds, invocation.latencyMs);
    // One EMF document per invocation keeps the dimension values of different records apart.
    metrics.publishStoredMetrics();
    // The bucket needs its own document: a Bucket dimension on the first would split Invocations too.
    metrics.addDimensions({
      Model: invocation.model,
      Track: invocation.track,
      Version: invocation.version,
      Bucket: latencyBucketLabel(latencyBucketOf(invocation.latencyMs)),
    });
    metrics.addMetric(MetricName.latencyBucket, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  }
}
