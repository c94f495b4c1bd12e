// Sees every command sent through an AWS SDK v3 client in a test process: real clients (through
// `Client.prototype.send`) and aws-sdk-client-mock stubs (which replace `send` on a client class or
// instance, so the hook wraps each stub as it is made). Listeners get the client's name, the
// operation and the input; the API-model check and the IAM suite both build on it.
import { createRequire } from 'node:module';
import { Client } from '@smithy/core/client';

export interface SdkCall {
  /** The SDK v3 client class, e.g. `S3Client`. */
  readonly clientName: string;
  /** The API operation, e.g. `PutObject`. */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** `mock` when an aws-sdk-client-mock stub received it, `sdk` when a real client sent it. */
  readonly via: 'mock' | 'sdk';
}

type Listener = (call: SdkCall) => void;
type Send = (this: object, command: unknown, ...rest: unknown[]) => unknown;

const HOOK = Symbol.for('model-release.sdk-call-hook');
interface HookState {
  listeners: Set<Listener>;
}

/** Installs the hook once per process and adds a listener; returns a function that removes it. */
export function onSdkCall(listener: Listener): () => void {
  const state = install();
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/** Records the SDK calls made while `run` runs (e.g. one adapter method) and returns them. */
export async function captureSdkCalls(run: () => Promise<unknown> | unknown): Promise<SdkCall[]> {
  const calls: SdkCall[] = [];
  const stop = onSdkCall((call) => calls.push(call));
  try {
    await run();
  } finally {
    stop();
  }
  return calls;
}

function install(): HookState {
  const holder = globalThis as { [HOOK]?: HookState };
  if (holder[HOOK]) return holder[HOOK];
  const state: HookState = { listeners: new Set() };
  holder[HOOK] = state;
  const emit = (client: object, command: unknown, via: SdkCall['via']) => {
    const call = describe(client, command, via);
    if (call) for (const listener of state.listeners) listener(call);
  };

  const realSend = Client.prototype.send as unknown as Send;
  (Client.prototype as unknown as { send: Send }).send = function send(this: object, command, ...rest) {
    emit(this, command, 'sdk');
    return realSend.call(this, command, ...rest);
  };

  // aws-sdk-client-mock has no `exports` map, so Node loads its CommonJS build and that build's
  // `require('sinon')`: take that same sinon instance.
  const requireFromMock = createRequire(createRequire(import.meta.url).resolve('aws-sdk-client-mock'));
  const sinon = requireFromMock('sinon') as { stub: (...args: unknown[]) => unknown };
  const stub = sinon.stub;
  sinon.stub = function hookedStub(this: unknown, ...args: unknown[]) {
    const created = stub.apply(this, args);
    const [target, property] = args as [Record<string, unknown> | undefined, unknown];
    if (property === 'send' && target && isSdkClient(target)) {
      // A proxy keeps the sinon stub's identity for aws-sdk-client-mock (restore, isSinonProxy, calls).
      target.send = new Proxy(created as Send, {
        apply(fn, thisArg, callArgs) {
          emit(thisArg as object, callArgs[0], 'mock');
          return Reflect.apply(fn, thisArg, callArgs);
        },
      });
    }
    return created;
  };
  return state;
}

function isSdkClient(target: object): boolean {
  return target instanceof Client || Object.prototype.isPrototypeOf.call(Client.prototype, target);
}

function describe(client: object, command: unknown, via: SdkCall['via']): SdkCall | undefined {
  if (typeof command !== 'object' || command === null || !('input' in command)) return undefined;
  const commandName = command.constructor.name;
  if (!commandName.endsWith('Command')) return undefined;
  return {
    clientName: client.constructor.name,
    operation: commandName.slice(0, -'Command'.length),
    input: (command as { input: Record<string, unknown> }).input,
    via,
  };
}
