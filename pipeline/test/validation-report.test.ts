import { describe, expect, it } from 'vitest';
import { summarize } from '../src/validation-report.ts';

describe('summarize validation report', () => {
  it('counts each violating construct of an error as one unacknowledged error', () => {
    const summary = summarize({
      pluginReports: [
        {
          pluginName: 'AwsSolutions',
          violations: [
            {
              ruleName: 'AwsSolutions-SQS3',
              severity: 'error',
              violatingConstructs: [{ constructPath: 'A' }, { constructPath: 'B' }],
            },
            { ruleName: 'AwsSolutions-X1', severity: 'warning', violatingConstructs: [{ constructPath: 'C' }] },
          ],
        },
        { pluginName: 'CloudFormation Validate', violations: [] },
      ],
    });
    expect(summary).toMatchObject({ unacknowledgedErrors: 2, unacknowledgedWarnings: 1 });
    expect(summary.text).toContain('error AwsSolutions-SQS3 (AwsSolutions): A, B');
  });

  it('reports zero when every plugin is clean', () => {
    expect(summarize({ pluginReports: [] }).unacknowledgedErrors).toBe(0);
  });
});
