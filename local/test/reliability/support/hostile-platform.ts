// A platform on port 0 in a throw-away workspace, with its model host, metric sink and log exposed
// so the reliability suites can prove what was (not) served.

import { OnnxRuntimeModelHost } from '../../../../inference-stack/src/adapters/local/onnx-runtime-model-host.ts';
import type { InvocationRecord } from '../../../../release-tools/src/ports/metrics.ts';
import { type Platform, type PlatformOptions, startPlatform } from '../../../src/platform.ts';
import { makeWorkspace, type Workspace } from '../../support/platform-fixture.ts';

export interface HostilePlatform {
  readonly platform: Platform;
  readonly ws: Workspace;
  /** Every line the platform logged (worker and HTTP failures among them). */
  readonly logs: string[];
  /** Every metric recorded: one per prediction served. */
  readonly metrics: InvocationRecord[];
  /** TargetModels the host was asked to run. */
  readonly invocations: string[];
  stop(): Promise<void>;
}

/** `options` may depend on the workspace (its artifact keys), e.g. to set routes. */
export async function startHostilePlatform(
  options: Partial<PlatformOptions> | ((ws: Workspace) => Partial<PlatformOptions>) = {},
): Promise<HostilePlatform> {
  const ws = await makeWorkspace();
  const logs: string[] = [];
  const metrics: InvocationRecord[] = [];
  const invocations: string[] = [];
  const host = new OnnxRuntimeModelHost({ artifacts: ws.artifacts });
  const invoke = host.invoke.bind(host);
  host.invoke = (targetModel, input) => {
    invocations.push(targetModel);
    return invoke(targetModel, input);
  };
  let platform: Platform;
  try {
    platform = await startPlatform({
      port: 0,
      stateDir: ws.stateDir,
      manifestPath: ws.manifestPath,
      artifacts: ws.artifacts,
      host,
      metricSink: { record: (r) => void metrics.push(r) },
      controllerTickMs: 60_000,
      limits: { maxBodyBytes: 4096, ratePerSecond: 1_000_000, burst: 1_000_000 },
      worker: { waitSeconds: 1, maxReceiveCount: 2, retryDelaySeconds: () => 0, drainTimeoutMs: 2_000 },
      log: (line) => logs.push(line),
      ...(typeof options === 'function' ? options(ws) : options),
    });
  } catch (error) {
    await host.close();
    await ws.cleanup();
    throw error;
  }
  return {
    platform,
    ws,
    logs,
    metrics,
    invocations,
    async stop() {
      await platform.stop();
      await host.close();
      await ws.cleanup();
    },
  };
}
