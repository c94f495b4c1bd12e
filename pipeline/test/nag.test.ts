// cdk-nag AwsSolutions + HIPAA Security run at synth as validation plugins; nothing may be left unacknowledged.
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../inference-stack/test/cdk/test-app.ts';
import { summarizeValidationReport } from '../src/validation-report.ts';

describe('cdk-nag at synth', () => {
  const { app } = buildTestApp({ nag: true });
  const assembly = app.synth();

  it('leaves no unacknowledged AwsSolutions or HIPAA Security finding', () => {
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
      const report = pack.validateScope(app);
      expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    }
    expect(summarizeValidationReport(assembly.directory).unacknowledgedErrors).toBe(0);
  });

  it('states a reason for every acknowledgement', () => {
    const reasons = app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(30);
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const { app: bad, inference } = buildTestApp({ nag: true });
    new Queue(inference, 'Unencrypted');
    expect(() => bad.synth()).toThrow(/AwsSolutions-SQS3|AwsSolutions-SQS4/);
  });

  it('fails the synth on an IAM wildcard no acknowledged pattern covers', () => {
    const { app: bad, inference } = buildTestApp({ nag: true });
    const role = new Role(inference, 'Wide', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::someone-elses-bucket/*'] }),
    );
    expect(() => bad.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::someone-elses-bucket\/\*\]/);
  });
});
