// Says which object a failed state read or write was about: "AccessDenied" alone does not tell a
// CodeBuild log reader which bucket or which role to look at.
import { StateConflictError, type StateStore, type Versioned } from '../../ports/state-store.ts';

export class StateStoreAccessError extends Error {
  override readonly name = 'StateStoreAccessError';
}

export function describedStateStore(inner: StateStore, where: string): StateStore {
  const fail =
    (what: string) =>
    (error: unknown): never => {
      if (error instanceof StateConflictError) throw error;
      const e = error as Error;
      throw new StateStoreAccessError(`${what} ${where}: ${e?.name ?? 'Error'}: ${e?.message}`, { cause: error });
    };
  return {
    get: <T>(key: string): Promise<Versioned<T> | undefined> => inner.get<T>(key).catch(fail(`reading ${key} in`)),
    put: <T>(key: string, value: T, expected: string | null) =>
      inner.put(key, value, expected).catch(fail(`writing ${key} in`)),
    list: (prefix: string) => inner.list(prefix).catch(fail(`listing ${prefix} in`)),
  };
}
