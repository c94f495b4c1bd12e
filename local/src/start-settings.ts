// `npm start`'s settings, each from a flag or else the environment variable the CLI also reads,
// so `npm start` and `mlrelease` agree on the state dir without a word. Parsing writes nothing.
import { parseArgs } from 'node:util';
import { defaultActor } from '../../release-tools/src/cli/actor.ts';

type Env = Readonly<Record<string, string | undefined>>;

export const START_USAGE = `usage: npm start -- [--port 8080] [--state-dir .mlrelease] [--file models.yaml]
                     [--data-plane local|fauxqs] [--durability power|process] [--actor NAME]
                     [--traffic <rps>] [--demo]

Runs the whole product on this machine: HTTP API, queues, worker, ONNX Runtime model host,
release controller (watching models.yaml) and the dashboard.
  --port        HTTP port on 127.0.0.1 (env PORT; default 8080)
  --state-dir   state directory (env MLRELEASE_STATE_DIR, as mlrelease; default .mlrelease)
  --file        models.yaml to watch (default models.yaml)
  --data-plane  local (default): requests/results on disk, queues in process, survives kill -9;
                fauxqs: the AWS SDK adapters against an in-process S3/SNS/SQS emulator (memory only)
  --durability  power (default): a request is fsynced before its 202; process: it is left in the
                page cache (survives the platform being killed, not the machine; ~35% faster)
  --actor       who releases, in the history (env MLRELEASE_ACTOR, else the OS user)
  --traffic     send example requests to every model at this rate (a release waits for requests:
                its gates decide only after minRequests); or run \`mlrelease traffic --rps 20\`
  --demo        release a good version by canary, then a bad one that is rolled back; then exit`;

export interface StartSettings {
  readonly port: number;
  readonly stateDir: string;
  readonly file: string;
  readonly dataPlane: 'local' | 'fauxqs';
  readonly durability: 'power' | 'process';
  readonly actor: string;
  /** Example requests per second to send to every model; none when absent. */
  readonly trafficRps?: number;
  readonly demo: boolean;
  readonly help: boolean;
}

export class StartUsageError extends Error {
  override readonly name = 'StartUsageError';
}

export function parseStartSettings(argv: readonly string[], env: Env): StartSettings {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'state-dir': { type: 'string' },
        file: { type: 'string', default: 'models.yaml' },
        'data-plane': { type: 'string', default: 'local' },
        durability: { type: 'string', default: 'power' },
        actor: { type: 'string' },
        traffic: { type: 'string' },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new StartUsageError((error as Error).message, { cause: error });
  }
  const portText = (values.port as string | undefined) ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new StartUsageError(`invalid port: ${portText}`);
  const dataPlane = values['data-plane'];
  if (dataPlane !== 'local' && dataPlane !== 'fauxqs')
    throw new StartUsageError(`invalid --data-plane: ${dataPlane} (local or fauxqs)`);
  const durability = values.durability;
  if (durability !== 'power' && durability !== 'process')
    throw new StartUsageError(`invalid --durability: ${durability} (power or process)`);
  const actor = (values.actor as string | undefined) ?? defaultActor(env);
  if (!actor.trim()) throw new StartUsageError('--actor: must not be empty');
  const trafficText = values.traffic as string | undefined;
  const trafficRps = trafficText === undefined ? undefined : Number(trafficText);
  if (trafficRps !== undefined && !(trafficRps > 0 && trafficRps <= 1000))
    throw new StartUsageError(`invalid --traffic: ${trafficText} (requests per second, 1 to 1000)`);
  return {
    port,
    stateDir: (values['state-dir'] as string | undefined) || env.MLRELEASE_STATE_DIR || '.mlrelease',
    file: values.file as string,
    dataPlane,
    durability,
    actor,
    ...(trafficRps !== undefined ? { trafficRps } : {}),
    demo: values.demo === true,
    help: values.help === true,
  };
}
