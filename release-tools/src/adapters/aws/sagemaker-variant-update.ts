// Variant-level changes (instance type, container) are not per-model traffic shifts: they go
// through SageMaker's own blue/green deployment guardrails, with a canary and alarm auto-rollback.
import {
  type SageMakerClient,
  UpdateEndpointCommand,
  type UpdateEndpointCommandInput,
} from '@aws-sdk/client-sagemaker';

export interface VariantUpdate {
  readonly endpointName: string;
  /** The new endpoint config (new instance type or container). */
  readonly endpointConfigName: string;
  /** Percent of capacity that gets the new fleet first. @default 10 */
  readonly canaryPercent?: number;
  /** How long the canary bakes before the rest shifts. @default 600 */
  readonly waitIntervalSeconds?: number;
  /** Alarms that roll the deployment back while they are in ALARM. */
  readonly rollbackAlarms: readonly string[];
  /** Old fleet kept after the shift, for a fast manual rollback. @default 300 */
  readonly terminationWaitSeconds?: number;
  /** @default 3600 */
  readonly maximumExecutionTimeoutSeconds?: number;
}

export function variantUpdateInput(u: VariantUpdate): UpdateEndpointCommandInput {
  return {
    EndpointName: u.endpointName,
    EndpointConfigName: u.endpointConfigName,
    DeploymentConfig: {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: 'CANARY',
          CanarySize: { Type: 'CAPACITY_PERCENT', Value: u.canaryPercent ?? 10 },
          WaitIntervalInSeconds: u.waitIntervalSeconds ?? 600,
        },
        TerminationWaitInSeconds: u.terminationWaitSeconds ?? 300,
        MaximumExecutionTimeoutInSeconds: u.maximumExecutionTimeoutSeconds ?? 3600,
      },
      AutoRollbackConfiguration: { Alarms: u.rollbackAlarms.map((AlarmName) => ({ AlarmName })) },
    },
  };
}

export async function updateVariantBlueGreen(client: SageMakerClient, update: VariantUpdate): Promise<void> {
  await client.send(new UpdateEndpointCommand(variantUpdateInput(update)));
}
