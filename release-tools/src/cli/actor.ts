// Who a command acts as, for history and registrations: `--actor`, else the environment. In a
// CodeBuild step that is CODEBUILD_INITIATOR (the pipeline, `codepipeline/<name>`, or the IAM user
// who started the build); on a workstation the OS user.
import { userInfo } from 'node:os';

type Env = Readonly<Record<string, string | undefined>>;

export function defaultActor(env: Env, osUser: () => string = osUserName): string {
  return (
    env.MLRELEASE_ACTOR ||
    env.MLRELEASE_USER ||
    env.CODEBUILD_INITIATOR ||
    env.USER ||
    env.USERNAME ||
    osUser() ||
    'unknown'
  );
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (a container running as an arbitrary uid).
    return '';
  }
}
