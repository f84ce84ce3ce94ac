// What it costs to move a sampler's batches and a user's likelihood across a thread or process
// boundary with @tempest/serialize: encode + decode time and bytes on the wire. Not a test:
// timings depend on the machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PackedBatch, decode, decodePacked, encode, encodeFunction, encodePacked, functionReference, loadFunction } from '@tempest/serialize';

const ROWS = 256;

/** Median µs per call of `f`, over samples of about 20 ms each after a warm-up. */
function microseconds(f: () => unknown): number {
  for (let i = 0; i < 20; i++) f();
  let reps = 1;
  for (let t = 0; t < 2; ) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    t = performance.now() - t0;
    if (t < 2) reps *= 2;
  }
  const samples: number[] = [];
  for (let s = 0; s < 15; s++) {
    const t0 = performance.now();
    for (let i = 0; i < reps * 10; i++) f();
    samples.push((1000 * (performance.now() - t0)) / (reps * 10));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Mean µs per call of an async `f` that gets a fresh index each call. */
async function microsecondsAsync(f: (i: number) => Promise<unknown>, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await f(i);
  return (1000 * (performance.now() - t0)) / calls;
}

/** Deterministic rows: `ROWS` vectors whose lengths come from `width(i)`. */
function rows(width: (i: number) => number): number[][] {
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 20 - 10;
  return Array.from({ length: ROWS }, (_, i) => Array.from({ length: width(i) }, next));
}

function batchRow(label: string, input: number[][]): string[] {
  const flat = new Float64Array(input.flat());
  const uniform = input.every((r) => r.length === input[0].length);
  const inPlace = PackedBatch.fromRows(input); // already lives in its envelope
  const candidates: [string, () => Uint8Array, (b: Uint8Array) => unknown][] = [
    ['plain JSON (UTF-8)', () => Buffer.from(JSON.stringify(input)), (b) => JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8'))],
    ['structured clone of nested arrays (`encode`)', () => encode(input), (b) => decode(b)],
    ['packed, from nested arrays (`PackedBatch.fromRows`)', () => encodePacked(PackedBatch.fromRows(input)), (b) => decodePacked(b)],
  ];
  if (uniform) {
    candidates.push(['packed, from a flat Float64Array (`fromMatrix`, one copy)', () => encodePacked(PackedBatch.fromMatrix(flat, ROWS, input[0].length)), (b) => decodePacked(b)]);
  }
  candidates.push(['packed, filled in place (no copy)', () => encodePacked(inPlace), (b) => decodePacked(b)]);
  return candidates.map(([method, enc, dec]) => {
    const bytes = enc();
    const us = microseconds(() => dec(enc()));
    return `| ${label} | ${method} | ${us.toFixed(1)} | ${bytes.length} |`;
  });
}

/**
 * Prints markdown tables for BENCHMARKS.md: encode + decode time and size of a batch of 256
 * parameter vectors (10 and 100 doubles, and ragged 10–100) as plain JSON, structured clone of
 * nested arrays and the packed fast path; and the cost of shipping a likelihood the first time and
 * when cached, by value (parse, check, compile) and by reference (import).
 */
export async function serializeBench(): Promise<void> {
  console.log(`| batch of ${ROWS} vectors | method | encode + decode µs | bytes |`);
  console.log('|---|---|---:|---:|');
  for (const line of batchRow('10 doubles each', rows(() => 10))) console.log(line);
  for (const line of batchRow('100 doubles each', rows(() => 100))) console.log(line);
  for (const line of batchRow('10 to 100 doubles (ragged)', rows((i) => 10 + ((i * 37) % 91)))) console.log(line);

  // A likelihood as a user writes it: a helper and two captured arrays. Each "first time" call
  // ships a function with a source never seen before, so neither the sender's parse cache nor the
  // receiver's compile cache can help.
  const mu = new Float64Array(10).map((_, i) => i / 10);
  const invVar = new Float64Array(10).fill(2);
  let fresh = 0;
  const makeLikelihood = () => {
    const k = fresh++;
    const quad = new Function(`return (x, m, w) => { let q = ${k}; for (let i = 0; i < x.length; i++) q += w[i] * (x[i] - m[i]) ** 2; return q; }`)();
    const logLikelihood = new Function('quad', 'mu', 'invVar', `return (x) => -0.5 * quad(x, mu, invVar) - ${k};`)(quad, mu, invVar);
    return { logLikelihood, options: { captures: { quad, mu, invVar } } };
  };
  const cached = makeLikelihood();
  const cachedBytes = encodeFunction(cached.logLikelihood, cached.options);

  const shipFirst = microseconds(() => {
    const { logLikelihood, options } = makeLikelihood();
    decode(encodeFunction(logLikelihood, options), { allowCode: true });
  });
  const makeOnly = microseconds(() => makeLikelihood());
  const encodeCached = microseconds(() => encodeFunction(cached.logLikelihood, cached.options));
  const decodeCached = microseconds(() => decode(cachedBytes, { allowCode: true }));

  // By reference: the first load of each module imports it; later loads hit the import cache.
  const MODULES = 200;
  const dir = mkdtempSync(join(tmpdir(), 'tempest-serialize-bench-'));
  try {
    const refs = Array.from({ length: MODULES }, (_, k) => {
      const file = join(dir, `model-${k}.mjs`);
      writeFileSync(file, `export function logLikelihood(x) { let q = ${k}; for (let i = 0; i < x.length; i++) q += x[i] * x[i]; return -0.5 * q; }\n`);
      return functionReference(pathToFileURL(file), 'logLikelihood');
    });
    const refBytes = encodeFunction(refs[0]);
    const refFirst = await microsecondsAsync((k) => loadFunction(encodeFunction(refs[k])), MODULES);
    const refCached = await microsecondsAsync(() => loadFunction(encodeFunction(refs[0])), 5_000);

    console.log('\n| shipping a likelihood (encode + decode, µs) | first time | cached | bytes |');
    console.log('|---|---:|---:|---:|');
    console.log(`| by value: parse + check + encode + decode + compile | ${(shipFirst - makeOnly).toFixed(1)} | ${(encodeCached + decodeCached).toFixed(1)} (encode ${encodeCached.toFixed(1)}, decode ${decodeCached.toFixed(1)}) | ${cachedBytes.length} |`);
    console.log(`| by reference: encode + loadFunction (import) | ${refFirst.toFixed(1)} | ${refCached.toFixed(1)} | ${refBytes.length} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
