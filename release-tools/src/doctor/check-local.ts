// `mlrelease doctor` without --aws: what `npm start` needs on this machine.
import type { Finding } from './finding.ts';

/** package.json's engines.node. */
export const MIN_NODE_MAJOR = 20;

export function nodeVersionFinding(version: string): Finding {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  return major >= MIN_NODE_MAJOR
    ? { check: 'node', status: 'ok', summary: `Node ${version}` }
    : {
        check: 'node',
        status: 'fail',
        summary: `Node ${version}; ${MIN_NODE_MAJOR} or later is needed`,
        fix: `install Node ${MIN_NODE_MAJOR} LTS or later (e.g. with nvm: nvm install ${MIN_NODE_MAJOR})`,
      };
}

/** ONNX Runtime's native binding, which the local model host and the serving container load. */
export async function onnxRuntimeFinding(
  load: () => Promise<unknown> = () => import('onnxruntime-node'),
): Promise<Finding> {
  try {
    await load();
    return { check: 'onnxruntime', status: 'ok', summary: 'onnxruntime-node loads its CPU binding' };
  } catch (error) {
    return {
      check: 'onnxruntime',
      status: 'fail',
      summary: `onnxruntime-node does not load (${(error as Error).message.split('\n')[0]})`,
      fix: 'reinstall with `npm ci` (npm 11.19+; with an older npm set ONNXRUNTIME_NODE_INSTALL=skip first)',
    };
  }
}
