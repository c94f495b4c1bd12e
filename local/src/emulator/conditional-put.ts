// fauxqs ignores `If-None-Match: *` on PutObject; S3 honours it and our idempotency relies on it.
// This shim answers 412 PreconditionFailed like S3 when the object exists, serialising conditional
// puts per key so two of them cannot both pass the check.
import type { buildApp } from 'fauxqs';

type App = ReturnType<typeof buildApp>;

const PRECONDITION_FAILED = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Error><Code>PreconditionFailed</Code>',
  '<Message>At least one of the pre-conditions you specified did not hold</Message>',
  '<Condition>If-None-Match</Condition></Error>',
].join('');

export function installConditionalPut(app: App): void {
  const locks = new Map<string, Promise<void>>();
  const releases = new WeakMap<object, () => void>();

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'PUT' || request.headers['if-none-match'] !== '*') return;
    const path = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
    while (locks.has(path)) await locks.get(path);
    let release = () => {};
    locks.set(
      path,
      new Promise<void>((resolve) => {
        release = () => {
          locks.delete(path);
          resolve();
        };
      }),
    );
    releases.set(request, release);
    // With the caller's credentials: the emulator answers no one else (require-access-key.ts).
    const authorization = request.headers.authorization;
    const head = await app.inject({ method: 'HEAD', url: path, headers: authorization ? { authorization } : {} });
    if (head.statusCode === 200) {
      reply.code(412).header('content-type', 'application/xml').send(PRECONDITION_FAILED);
      return reply;
    }
  });
  const unlock = async (request: object) => releases.get(request)?.();
  app.addHook('onResponse', unlock);
  app.addHook('onRequestAbort', unlock);
}
