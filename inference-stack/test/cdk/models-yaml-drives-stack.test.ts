// models.yaml is the one source of truth: adding a model adds its alarms and its dashboard at synth.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildTestApp, THIRD_MODEL, TWO_MODELS } from './test-app.ts';

const before = Template.fromStack(buildTestApp({ manifestText: TWO_MODELS }).inference);
const after = Template.fromStack(
  buildTestApp({
    manifestText: TWO_MODELS + THIRD_MODEL,
    context: {
      mlrelease: {
        notificationEmail: 'ops@example.com',
        lanes: [
          { name: 'standard', maxAgeSeconds: 300 },
          { name: 'priority', models: ['fraud-detector'], maxAgeSeconds: 30 },
        ],
      },
    },
  }).inference,
);
const modelAlarms = (t: Template) =>
  Object.keys(
    t.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: Match.stringLikeRegexp('-(stable|candidate)-') },
    }),
  );

describe('a model added to models.yaml', () => {
  it('adds its four gate alarms', () => {
    expect(modelAlarms(after).length).toBe(modelAlarms(before).length + 4);
    for (const track of ['stable', 'candidate'])
      for (const kind of ['error-rate', 'p99-latency'])
        after.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `mlrelease-eta-predictor-${track}-${kind}`,
        });
  });

  it('adds its dashboard with stable and candidate widgets and its candidate weight', () => {
    before.resourceCountIs('AWS::CloudWatch::Dashboard', 2);
    after.resourceCountIs('AWS::CloudWatch::Dashboard', 3);
    const [dashboard] = Object.values(
      after.findResources('AWS::CloudWatch::Dashboard', { Properties: { DashboardName: 'mlrelease-eta-predictor' } }),
    );
    const body = JSON.stringify(dashboard);
    expect(body).toContain('stable: latency p50 / p99');
    expect(body).toContain('candidate: latency p50 / p99');
    expect(body).toContain('CandidateWeight');
    expect(body).toContain('eta-predictor');
  });
});

describe('lane configuration', () => {
  it('narrows a lane to its models with a filter on the model attribute', () => {
    after.hasResourceProperties('AWS::SNS::Subscription', {
      FilterPolicy: { lane: ['priority'], model: ['fraud-detector'] },
    });
    after.hasResourceProperties('AWS::SNS::Subscription', { FilterPolicy: { lane: ['standard'] } });
  });
});

describe('release notifications', () => {
  it('subscribes the configured email to release events', () => {
    after.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});
