// The S3 pair store's contract over real HTTP: the SDK serializes, signs and parses against an
// in-process S3 emulator (fauxqs), so StartAfter, IfNoneMatch and the keys' encoding are S3's
// wire protocol rather than a mock's reading of it.
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Emulator, startEmulator } from '../../../local/src/emulator/fauxqs-emulator.ts';
import { S3MirrorStore } from '../../src/adapters/aws/s3-mirror-store.ts';
import { mirrorStoreContract } from './mirror-store.contract.ts';

let emulator: Emulator;
let n = 0;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

describe('S3MirrorStore on fauxqs', () =>
  mirrorStoreContract(async () => {
    const bucket = `mirror-${++n}`;
    await emulator.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const clock = { now: 0 };
    const store = () => new S3MirrorStore({ client: emulator.s3, bucket, now: () => clock.now });
    const sink = store();
    return {
      sink,
      reader: store(),
      settle: () => sink.flush(),
      setNow: (ms) => {
        clock.now = ms;
      },
    };
  }));
