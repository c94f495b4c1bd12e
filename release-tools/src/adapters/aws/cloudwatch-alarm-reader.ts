// Alarm states from CloudWatch DescribeAlarms (at most 100 names per call); a name that matches no
// alarm is an error, never a silent INSUFFICIENT_DATA.
import { type CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { type AlarmReader, type AlarmStateValue, type AlarmStatus, MissingAlarmError } from '../../ports/metrics.ts';

export class CloudWatchAlarmReader implements AlarmReader {
  constructor(private readonly client: CloudWatchClient) {}

  async states(names: readonly string[]): Promise<AlarmStatus[]> {
    const found = new Map<string, AlarmStatus>();
    for (let i = 0; i < names.length; i += 100) {
      const out = await this.client.send(
        new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm'] }),
      );
      for (const a of out.MetricAlarms ?? []) {
        if (!a.AlarmName) continue;
        found.set(a.AlarmName, {
          name: a.AlarmName,
          state: (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmStateValue,
          reason: a.StateReason ?? '',
          since: a.StateUpdatedTimestamp?.getTime() ?? 0,
        });
      }
    }
    const missing = names.filter((name) => !found.has(name));
    if (missing.length > 0) throw new MissingAlarmError(missing);
    return names.map((name) => found.get(name)!);
  }
}
