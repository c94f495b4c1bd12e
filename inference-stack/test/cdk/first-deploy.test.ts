// Findings of the first-deploy review (issue 11) that a template shows: each of these failed on the
// stack as it was before its fix.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BODY_SIZE_LABEL, PREDICTION_ROUTE_REGEX } from '../../src/constructs/api-firewall.ts';
import { STAGE_NAME } from '../../src/constructs/inference-api.ts';
import { InfraConfigError, readInfraConfig, totalReservedConcurrency } from '../../src/stack/infra-config.ts';
import { MIN_BOOTSTRAP_VERSION } from '../../src/stack/stack-names.ts';
import { buildTestApp, TWO_MODELS } from './test-app.ts';

const template = Template.fromStack(buildTestApp({ manifestText: TWO_MODELS }).inference);
// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation properties are untyped JSON
const resources = (type: string) => Object.values(template.findResources(type)) as { Properties: any }[];

describe('WAF and prediction batches', () => {
  const acl = resources('AWS::WAFv2::WebACL')[0]!.Properties;
  const rule = (name: string) => acl.Rules.find((r: { Name: string }) => r.Name === name);

  it('counts (not blocks) the common rule set body-size rule, and blocks it itself outside the prediction routes', () => {
    expect(rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    const outside = rule('body-over-8kb-outside-prediction-routes');
    expect(outside.Action).toEqual({ Block: {} });
    expect(outside.Priority).toBeGreaterThan(rule('AWSManagedRulesCommonRuleSet').Priority);
    expect(JSON.stringify(outside.Statement)).toContain(BODY_SIZE_LABEL);
  });

  it('blocks prediction bodies over 64 KiB with its own size rule, inspecting up to 64 KB', () => {
    expect(acl.AssociationConfig).toEqual({ RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_64' } } });
    const limit = rule('prediction-body-size-limit');
    expect(limit.Action).toEqual({ Block: {} });
    expect(limit.Statement.AndStatement.Statements).toContainEqual({
      SizeConstraintStatement: {
        FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
        ComparisonOperator: 'GT',
        Size: 65536,
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    });
  });

  it('scopes the exception to the two POST routes that carry batches', () => {
    const route = new RegExp(PREDICTION_ROUTE_REGEX);
    expect(route.test(`/${STAGE_NAME}/v1/models/fraud-detector/predictions`)).toBe(true);
    expect(route.test(`/${STAGE_NAME}/v1/models/fraud-detector/invoke`)).toBe(true);
    expect(route.test(`/${STAGE_NAME}/v1/predictions/abc12345`)).toBe(false);
    expect(route.test(`/${STAGE_NAME}/v1/models/a/predictions/x`)).toBe(false);
  });
});

describe('result reads', () => {
  it('never caches a pending answer: no stage cache and no cached method', () => {
    for (const stage of resources('AWS::ApiGateway::Stage')) {
      expect(stage.Properties.CacheClusterEnabled ?? false).toBe(false);
      for (const setting of stage.Properties.MethodSettings ?? []) expect(setting.CachingEnabled ?? false).toBe(false);
    }
  });
});

describe('reserved concurrency', () => {
  it('reserves none by default, so the stack deploys on a new account with a small Lambda quota', () => {
    const reserved = resources('AWS::Lambda::Function').filter(
      (f) => f.Properties.ReservedConcurrentExecutions !== undefined,
    );
    expect(reserved).toEqual([]);
  });

  it('reserves per function when configured, and refuses more than the quota leaves reservable', () => {
    const config = readInfraConfig({ reservedConcurrency: { worker: 50, api: 20, controller: 1 } });
    expect(totalReservedConcurrency(config.reservedConcurrency)).toBe(111);
    expect(() => readInfraConfig({ reservedConcurrency: { worker: 900, api: 1 } })).toThrow(InfraConfigError);
    expect(() => readInfraConfig({ lambdaConcurrencyQuota: 150, reservedConcurrency: { worker: 51 } })).toThrow(
      /leaves at most 50 to reserve/,
    );
    const opted = Template.fromStack(
      buildTestApp({ manifestText: TWO_MODELS, context: { mlrelease: { reservedConcurrency: { controller: 1 } } } })
        .inference,
    );
    opted.resourcePropertiesCountIs('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1 }, 1);
  });
});

describe('endpoint auto-rollback', () => {
  it('rolls a variant change back on 5XX, p99 model latency and every stable track alarm', () => {
    const endpoint = resources('AWS::SageMaker::Endpoint')[0]!.Properties;
    const alarms = endpoint.DeploymentConfig.AutoRollbackConfiguration.Alarms.map(
      (a: { AlarmName: string }) => a.AlarmName,
    );
    expect(alarms).toEqual([
      'mlrelease-endpoint-test-mme-5xx',
      'mlrelease-endpoint-test-mme-p99-model-latency',
      'mlrelease-fraud-detector-stable-error-rate',
      'mlrelease-churn-scorer-stable-error-rate',
      'mlrelease-fraud-detector-stable-p99-latency',
      'mlrelease-churn-scorer-stable-p99-latency',
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mlrelease-endpoint-test-mme-p99-model-latency',
      MetricName: 'ModelLatency',
      ExtendedStatistic: 'p99',
      Threshold: 150_000,
    });
    // The endpoint's own alarms are in the template; the per-model track alarms are created at run time
    // by the controller from models.yaml (a new model needs no stack deploy), under these same names.
    for (const name of alarms.slice(0, 2))
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name });
  });
});

describe('pipeline source', () => {
  it('defaults to a GitHub connection the stack creates, not CodeCommit', () => {
    const pipeline = Template.fromStack(buildTestApp({ manifestText: TWO_MODELS }).pipeline);
    pipeline.hasResourceProperties('AWS::CodeStarConnections::Connection', { ProviderType: 'GitHub' });
    pipeline.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: 'Source',
          Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }) })],
        }),
      ]),
    });
    expect(JSON.stringify(pipeline.toJSON())).not.toContain('codecommit');
  });
});

describe('the bootstrap version doctor asks for', () => {
  it('is the one CDK writes into the synthesized template', () => {
    const rule = (template.toJSON() as { Rules?: Record<string, unknown> }).Rules?.CheckBootstrapVersion as {
      Assertions: { Assert: { 'Fn::Not': [{ 'Fn::Contains': [string[], unknown] }] } }[];
    };
    const refused = rule.Assertions[0]!.Assert['Fn::Not'][0]['Fn::Contains'][0].map(Number);
    expect(MIN_BOOTSTRAP_VERSION).toBe(Math.max(...refused) + 1);
  });
});

describe('what a person needs after the deploy', () => {
  it('outputs the state and data buckets (STATE_BUCKET, DATA_BUCKET for mlrelease --aws) and the endpoint name', () => {
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    // The output names are what `mlrelease --aws` and the README read (`aws cloudformation describe-stacks`).
    expect(outputs.StateBucket?.Value).toEqual({ Ref: expect.stringMatching(/^ControllerState/) });
    expect(outputs.DataBucket?.Value).toEqual({ Ref: expect.stringMatching(/^DataBucket/) });
    // models.yaml's endpoint.name (TWO_MODELS names it test-mme).
    expect(outputs.EndpointName?.Value).toBe('test-mme');
  });
});
