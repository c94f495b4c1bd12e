// AWS WAF in front of the API stage: AWS managed common and known-bad-input rules plus a rate limit.
// The common rule set blocks bodies over 8 KB (SizeRestrictions_BODY), but a full prediction batch
// (64 rows x 30 features) is 13-39 KB: on the prediction routes that rule only counts, and a rule of our
// own blocks bodies over `maxPredictionBodyBytes` there; every other route keeps the 8 KB block.
import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiFirewallProps {
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /** Encrypts the WAF request log group. */
  readonly logKey: IKey;
  /** Requests per 5 minutes from one IP before it is blocked. @default 2000 */
  readonly rateLimitPer5Min?: number;
  /** Largest body the prediction routes accept; WAF inspects up to 64 KB of an API Gateway body. @default 65536 */
  readonly maxPredictionBodyBytes?: number;
}

/** POST /v1/models/{model}/predictions and /invoke, after any stage or base path. */
export const PREDICTION_ROUTE_REGEX = '/v1/models/[^/]+/(predictions|invoke)$';
/** The label the common rule set adds when SizeRestrictions_BODY matches (also in count mode). */
export const BODY_SIZE_LABEL = 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body';
/** WAF's largest body inspection for API Gateway (KB_64); larger bodies count as oversize. */
export const WAF_MAX_INSPECTED_BODY_BYTES = 64 * 1024;

export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const maxBody = props.maxPredictionBodyBytes ?? WAF_MAX_INSPECTED_BODY_BYTES;
    if (maxBody > WAF_MAX_INSPECTED_BODY_BYTES)
      throw new RangeError(
        `maxPredictionBodyBytes ${maxBody} is above what WAF inspects (${WAF_MAX_INSPECTED_BODY_BYTES})`,
      );
    const managed = (
      name: string,
      priority: number,
      ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[],
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: { vendorName: 'AWS', name, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) },
      },
      visibilityConfig: visibility(name),
    });
    const predictionRoute: CfnWebACL.StatementProperty = {
      regexMatchStatement: {
        regexString: PREDICTION_ROUTE_REGEX,
        fieldToMatch: { uriPath: {} },
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    this.webAcl = new CfnWebACL(this, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('mlrelease-api'),
      // Inspect up to 64 KB of a body (default 16 KB), so the prediction size limit sees whole batches.
      associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: 'KB_64' } } },
      rules: [
        managed('AWSManagedRulesCommonRuleSet', 1, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        {
          name: 'body-over-8kb-outside-prediction-routes',
          priority: 2,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                { labelMatchStatement: { scope: 'LABEL', key: BODY_SIZE_LABEL } },
                { notStatement: { statement: predictionRoute } },
              ],
            },
          },
          visibilityConfig: visibility('body-over-8kb-outside-prediction-routes'),
        },
        {
          name: 'prediction-body-size-limit',
          priority: 3,
          action: { block: {} },
          statement: {
            andStatement: {
              statements: [
                predictionRoute,
                {
                  sizeConstraintStatement: {
                    // A body past the inspection limit matches too: it is over the limit by definition.
                    fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                    comparisonOperator: 'GT',
                    size: maxBody,
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility('prediction-body-size-limit'),
        },
        managed('AWSManagedRulesKnownBadInputsRuleSet', 4),
        {
          name: 'rate-limit-per-ip',
          priority: 5,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimitPer5Min ?? 2000, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'Association', { resourceArn: props.stageArn, webAclArn: this.webAcl.attrArn });
    // WAF only logs to groups named aws-waf-logs-*, referenced by an ARN without the trailing ':*'.
    const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 60 })}`;
    const logs = new LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logKey,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logging = new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    logging.node.addDependency(logs);
  }
}
