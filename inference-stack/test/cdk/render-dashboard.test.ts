import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../pipeline/src/build-app.ts';
import { renderDashboards } from '../../src/constructs/observability/render-dashboard.ts';
import type { WidgetSpec } from '../../src/constructs/observability/specs.ts';
import { THIRD_MODEL, TWO_MODELS } from './test-app.ts';

const manifest = readManifest(TWO_MODELS, 'models.yaml');
const inputs = { deadLetterQueueNames: ['standard-dlq', 'priority-dlq'] };
const graphs = (rows: readonly (readonly WidgetSpec[])[]) =>
  rows.flat().filter((w): w is Extract<WidgetSpec, { kind: 'graph' }> => w.kind === 'graph');

describe('renderDashboards', () => {
  it('renders one dashboard per model, named after it', () => {
    expect(renderDashboards(manifest, inputs).map((d) => d.dashboardName)).toEqual([
      'mlrelease-fraud-detector',
      'mlrelease-churn-scorer',
    ]);
  });

  it('puts stable and candidate side by side for requests, errors and latency p50/p99', () => {
    const [fraud] = renderDashboards(manifest, inputs);
    const sideBySide = fraud!.rows.filter((row) => row.length === 2 && row.every((w) => w.kind === 'graph'));
    const titles = sideBySide.map((row) => row.map((w) => (w.kind === 'graph' ? w.title : '')));
    expect(titles).toContainEqual(['stable: requests and errors', 'candidate: requests and errors']);
    expect(titles).toContainEqual(['stable: latency p50 / p99', 'candidate: latency p50 / p99']);
    const latency = graphs(fraud!.rows).find((g) => g.title === 'candidate: latency p50 / p99');
    expect(latency?.metrics.map((m) => [m.statistic, m.dimensions])).toEqual([
      ['p50', { Model: 'fraud-detector', Track: 'candidate' }],
      ['p99', { Model: 'fraud-detector', Track: 'candidate' }],
    ]);
  });

  it('shows the candidate weight and the depth of every dead-letter queue', () => {
    const [, churn] = renderDashboards(manifest, inputs);
    const weight = graphs(churn!.rows).find((g) => g.title === 'candidate traffic weight');
    const dlq = graphs(churn!.rows).find((g) => g.title === 'dead-letter queue depth');
    expect(weight?.metrics).toEqual([
      expect.objectContaining({ metricName: 'CandidateWeight', dimensions: { Model: 'churn-scorer' } }),
    ]);
    expect(dlq?.metrics.map((m) => m.dimensions.QueueName)).toEqual(['standard-dlq', 'priority-dlq']);
  });

  it('adds a dashboard with the same widgets when a model is added to models.yaml', () => {
    const grown = renderDashboards(readManifest(TWO_MODELS + THIRD_MODEL, 'models.yaml'), inputs);
    const eta = grown.find((d) => d.model === 'eta-predictor');
    expect(grown).toHaveLength(3);
    expect(graphs(eta!.rows)).toHaveLength(graphs(grown[0]!.rows).length);
  });
});
