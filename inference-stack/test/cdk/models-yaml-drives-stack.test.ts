// models.yaml is the one source of truth, at run time: adding a model needs no change to this stack
// (the controller creates its alarms, dashboard and catalog entry: release-tools/src/desired-resources).
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
describe('a model added to models.yaml', () => {
  it('needs no redeploy: the stack holds no per-model alarm, dashboard or signature', () => {
    for (const t of [before, after]) {
      expect(
        t.findResources('AWS::CloudWatch::Alarm', {
          Properties: { AlarmName: Match.stringLikeRegexp('-(stable|candidate)-') },
        }),
      ).toEqual({});
      t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
      expect(JSON.stringify(t.toJSON())).not.toContain('MODEL_SIGNATURES');
    }
    expect(JSON.stringify(after.findResources('AWS::Lambda::Function'))).not.toContain('eta-predictor');
  });

  it('lets the controller create and delete any model gate alarm and dashboard, by the product prefix only', () => {
    const statements = JSON.stringify(after.findResources('AWS::IAM::Policy'));
    expect(statements).toContain('cloudwatch:PutMetricAlarm');
    expect(statements).toContain(':alarm:mlrelease-*');
    expect(statements).toContain(':dashboard/mlrelease-*');
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
