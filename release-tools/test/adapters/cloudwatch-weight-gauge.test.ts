import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchClient, CloudWatchServiceException, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudWatchWeightGauge } from '../../src/adapters/aws/cloudwatch-weight-gauge.ts';

const cloudwatch = mockClient(CloudWatchClient);
afterEach(() => cloudwatch.reset());
const gauge = () => new CloudWatchWeightGauge(new CloudWatchClient({ region: 'eu-west-1' }), () => 1_700_000_000_000);

describe('CloudWatchWeightGauge', () => {
  it('puts CandidateWeight in percent for the model, in the namespace the dashboards read', async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});

    await gauge().set('fraud-detector', 10);

    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'ModelRelease',
      MetricData: [
        {
          MetricName: 'CandidateWeight',
          Dimensions: [{ Name: 'Model', Value: 'fraud-detector' }],
          Timestamp: new Date(1_700_000_000_000),
          Value: 10,
          Unit: 'Percent',
        },
      ],
    });
  });

  it('clamps a weight outside 0..100', async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});

    await gauge().set('m', 140);

    expect(cloudwatch.commandCalls(PutMetricDataCommand)[0]!.args[0].input.MetricData![0]!.Value).toBe(100);
  });

  it('passes an AccessDenied on to the caller', async () => {
    cloudwatch.on(PutMetricDataCommand).rejects(
      new CloudWatchServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'not authorized to perform cloudwatch:PutMetricData',
      }),
    );

    await expect(gauge().set('m', 10)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
