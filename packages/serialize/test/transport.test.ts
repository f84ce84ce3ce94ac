import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PackedBatch, decode, decodePacked, encodeFunction, encodePacked, functionReference, readEnvelopeHeader, transferList } from '@tempest/serialize';
import { describe, expect, it } from 'vitest';
import { gaussianLogLikelihood } from './fixtures/models.js';

const TIMEOUT_MS = 15_000;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

// A likelihood shipped by value: a helper and data captured explicitly, as a user would write it.
const mu = new Float64Array([0.5, -1, 2]);
const invVar = new Float64Array([1, 4, 0.25]);
const offset = -1.25;
const quad = (x: Float64Array, m: Float64Array, w: Float64Array): number => {
  let q = 0;
  for (let i = 0; i < x.length; i++) q += w[i] * (x[i] - m[i]) ** 2;
  return q;
};
const shippedLikelihood = (x: Float64Array) => -0.5 * quad(x, mu, invVar) + offset;

const byValue = () => encodeFunction(shippedLikelihood, { captures: { quad, mu, invVar, offset } });
const byReference = () => encodeFunction(functionReference(import.meta.url, './fixtures/models.ts', 'gaussianLogLikelihood'));

const ROWS = 64;
function batch(): PackedBatch {
  const b = PackedBatch.allocate(ROWS, 3);
  for (let i = 0; i < b.data.length; i++) b.data[i] = 3 * Math.sin(0.7 * i + 0.1);
  return b;
}
function expected(f: (x: Float64Array) => number): number[] {
  return batch().toRows().map(f);
}
function results(reply: Uint8Array): number[] {
  if (readEnvelopeHeader(reply).kind !== 'packed') throw new Error(`receiver failed: ${(decode(reply) as { error: string }).error}`);
  return Array.from(decodePacked(reply).data);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const cases: [string, () => Uint8Array, number[]][] = [
  ['a function shipped by value', byValue, expected(shippedLikelihood)],
  ['a function sent by reference', byReference, expected(gaussianLogLikelihood)],
];

describe('a real worker thread', () => {
  it('evaluates functions shipped by value and by reference, with batches moved, not copied', async () => {
    const worker = new Worker(fixture('worker-boot.mjs'), { execArgv: ['--conditions=@tempest/source'], workerData: { entry: './worker-receiver.ts' } });
    try {
      const failed = new Promise<never>((_, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
      });
      failed.catch(() => undefined); // rejects on terminate(), after the test no longer listens
      for (const [what, encodeFn, want] of cases) {
        const fn = encodeFn();
        const rows = encodePacked(batch());
        const reply = new Promise<Uint8Array>((resolve) => worker.once('message', resolve));
        worker.postMessage({ fn, batch: rows }, [...transferList(fn), ...transferList(rows)]);
        expect(rows.byteLength, 'the batch was transferred').toBe(0);
        const got = results(await withTimeout(Promise.race([reply, failed]), `the worker (${what})`));
        expect(got, what).toEqual(want);
      }
    } finally {
      await worker.terminate();
    }
  });
});

describe('a real child process', () => {
  it('evaluates functions shipped by value and by reference, over a byte stream', async () => {
    const child: ChildProcess = spawn(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', fixture('child-receiver.ts')], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let pending = Buffer.alloc(0);
    const waiting: ((frame: Uint8Array) => void)[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32LE(0)) {
        const n = pending.readUInt32LE(0);
        waiting.shift()?.(new Uint8Array(pending.subarray(4, 4 + n)));
        pending = pending.subarray(4 + n);
      }
    });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`child exited with code ${code}: ${stderr}`))));
    exited.catch(() => undefined); // rejects on kill(), after the test no longer listens
    const send = (bytes: Uint8Array) => {
      const header = Buffer.alloc(4);
      header.writeUInt32LE(bytes.length, 0);
      child.stdin?.write(Buffer.concat([header, bytes]));
    };
    try {
      for (const [what, encodeFn, want] of cases) {
        const reply = new Promise<Uint8Array>((resolve) => waiting.push(resolve));
        send(encodeFn());
        send(encodePacked(batch()));
        const got = results(await withTimeout(Promise.race([reply, exited]), `the child process (${what})`));
        expect(got, what).toEqual(want);
      }
    } finally {
      child.stdin?.end();
      child.kill();
    }
  });
});
