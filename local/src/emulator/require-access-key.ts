// fauxqs accepts any credentials: on a shared machine any local user could then list, read and
// overwrite the platform's requests and results. This hook answers only the platform's own access
// key id (random per start, kept in the state dir at 0600). The SigV4 signature itself is not
// verified: the key id is the secret here, and it travels only over 127.0.0.1.
import { randomBytes } from 'node:crypto';
import type { buildApp } from 'fauxqs';

type App = ReturnType<typeof buildApp>;

export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Shaped like an AWS key (20 upper-case characters), 100 random bits; a 40-byte secret. */
export function newEmulatorCredentials(): EmulatorCredentials {
  return {
    accessKeyId: Array.from(randomBytes(20), (b) => ALPHABET[b % ALPHABET.length]).join(''),
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

const DENIED = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Error><Code>InvalidAccessKeyId</Code>',
  '<Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>',
].join('');

export function requireAccessKey(app: App, accessKeyId: string): void {
  app.addHook('onRequest', async (request, reply) => {
    const credential = /Credential=([^/\s,]+)\//.exec(request.headers.authorization ?? '')?.[1];
    if (credential === accessKeyId) return;
    reply.code(403).header('content-type', 'application/xml').send(DENIED);
    return reply;
  });
}
