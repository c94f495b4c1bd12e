// Who may call the API: a Cognito user pool (identity) and a Lambda authorizer (role: invoke vs admin,
// from the token's cognito:groups), so callers hold one token for both.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CognitoUserPoolsAuthorizer, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { handlerFunction } from './handler-function.ts';

/** Cognito groups the Lambda authorizer maps to permissions. */
export const API_ROLES = ['invoke', 'admin'] as const;

export interface ApiAuthProps {
  readonly logKey: IKey;
  /** For the role authorizer. @default none (see HandlerFunctionProps.reservedConcurrency) */
  readonly reservedConcurrency?: number;
}

export class ApiAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly cognitoAuthorizer: CognitoUserPoolsAuthorizer;
  readonly roleAuthorizer: TokenAuthorizer;
  readonly authorizerFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiAuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of API_ROLES)
      new CfnUserPoolGroup(this, `${role}Group`, { userPoolId: this.userPool.userPoolId, groupName: role });
    this.client = this.userPool.addClient('Client', {
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    const issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    this.cognitoAuthorizer = new CognitoUserPoolsAuthorizer(this, 'Cognito', { cognitoUserPools: [this.userPool] });
    this.authorizerFunction = handlerFunction(this, 'RoleAuthorizerFunction', {
      entry: 'authorizer',
      logKey: props.logKey,
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrency: props.reservedConcurrency }),
      noDeadLetterReason: 'Invoked synchronously by API Gateway; a failure denies the request.',
      // Verifies Cognito ID tokens (aud = the app client) against the pool's JWKS; roles = cognito:groups.
      environment: {
        JWT_ISSUER: issuer,
        JWT_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        JWT_AUDIENCE: this.client.userPoolClientId,
      },
    });
    this.roleAuthorizer = new TokenAuthorizer(this, 'Role', {
      handler: this.authorizerFunction,
      resultsCacheTtl: Duration.minutes(5),
    });
  }
}
