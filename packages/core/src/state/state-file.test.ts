import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TempestError } from '../tempest-error.js';
import { decodeStateFile, encodeStateFile, readStateFile, STATE_FORMAT_VERSION, STATE_MAGIC, stateFilePieces } from './state-file.js';

const FC = { seed: Number(process.env.FC_SEED ?? 8181), numRuns: 200 };

const sample = () => ({
  meta: { nDim: 2, label: 'ps', nested: { beta: [0, 0.25, 1] } },
  arrays: {
    x: Float64Array.of(1.5, -0, NaN, Infinity, -Infinity, 5e-324),
    lineage: Int32Array.of(0, -1, 2147483647),
    flags: Uint8Array.of(1, 0, 255),
    empty: new Float64Array(0),
  },
});

function rejection(bytes: Uint8Array): TempestError {
  try {
    decodeStateFile(bytes, 'run.state');
  } catch (e) {
    expect(TempestError.is(e)).toBe(true);
    return e as TempestError;
  }
  throw new Error('expected the file to be rejected');
}

describe('state files', () => {
  it('round-trip metadata and arrays bit for bit (including -0, NaN and infinities)', () => {
    const back = decodeStateFile(encodeStateFile(sample()), 'run.state');
    expect(back.meta).toEqual(sample().meta);
    expect(Object.is(back.arrays.x[1], -0)).toBe(true);
    for (const name of Object.keys(sample().arrays)) {
      const a = sample().arrays[name as keyof ReturnType<typeof sample>['arrays']];
      expect(back.arrays[name].constructor).toBe(a.constructor);
      expect(Buffer.from(back.arrays[name].buffer, back.arrays[name].byteOffset, back.arrays[name].byteLength).equals(Buffer.from(a.buffer))).toBe(true);
    }
  });

  it('round-trip random contents', () => {
    fc.assert(
      fc.property(fc.float64Array({ maxLength: 50 }), fc.int32Array({ maxLength: 50 }), fc.jsonValue(), (f, i, meta) => {
        const back = decodeStateFile(encodeStateFile({ meta: { meta }, arrays: { f, i } }), 's');
        expect(Array.from(back.arrays.i)).toEqual(Array.from(i));
        expect(Buffer.from(back.arrays.f.buffer, back.arrays.f.byteOffset, back.arrays.f.byteLength).equals(Buffer.from(f.buffer, f.byteOffset, f.byteLength))).toBe(true);
        expect(back.meta).toEqual(JSON.parse(JSON.stringify({ meta })));
      }),
      FC,
    );
  });

  it('reject every truncation and every single flipped byte with a clear error', () => {
    const bytes = encodeStateFile(sample());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, flip, truncate) => {
        const bad = truncate ? bytes.slice(0, at) : bytes.slice();
        if (!truncate) bad[at] ^= flip;
        const e = rejection(bad);
        expect(e.code).toBe('INVALID_STATE_FILE');
        expect(e.message).toMatch(/^run\.state is not a usable Tempest state file: /);
      }),
      FC,
    );
  });

  it.each([
    ['an empty file', new Uint8Array(0), /only 0 bytes/],
    ['a JSON file', new TextEncoder().encode('{"beta": 1, "logz": -3.2, "x": [1, 2, 3]}'), /signature/],
    ['a PNG image', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(40).fill(0)), /signature/],
  ])('reject %s', (_name, bytes, message) => {
    expect(rejection(bytes).message).toMatch(message);
  });

  it('reject a newer format version and a bad header even when the checksum is recomputed', async () => {
    const { crc32 } = await import('node:zlib');
    const reseal = (b: Uint8Array) => {
      new DataView(b.buffer).setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)) >>> 0, true);
      return b;
    };
    const newer = encodeStateFile(sample());
    new DataView(newer.buffer).setUint32(8, STATE_FORMAT_VERSION + 1, true);
    expect(rejection(reseal(newer)).message).toMatch(new RegExp(`format version is ${STATE_FORMAT_VERSION + 1}; this version of Tempest reads versions 1 to ${STATE_FORMAT_VERSION}`));
    const broken = encodeStateFile(sample());
    broken[16] = 0x7b + 1; // the header's opening brace
    expect(rejection(reseal(broken)).message).toMatch(/header is not valid JSON/);
    const outside = encodeStateFile({ meta: {}, arrays: { a: Float64Array.of(1) } });
    const text = new TextDecoder().decode(outside.subarray(16, 16 + new DataView(outside.buffer).getUint32(12, true)));
    const moved = text.replace(/"offset":(\d+)/, (_m, o) => `"offset":${String(Number(o) + 4096).padEnd(o.length, ' ')}`.slice(0, `"offset":${o}`.length));
    outside.set(new TextEncoder().encode(moved), 16);
    expect(rejection(reseal(outside)).message).toMatch(/lies outside the file|malformed entry/);
  });

  it('can be read with nothing but the Python standard library (the documented recipe)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-state-'));
    try {
      const path = join(dir, 'run.state');
      writeFileSync(path, encodeStateFile({ meta: { nDim: 2 }, arrays: { x: Float64Array.of(1, 2, 3, 4.5), lineage: Int32Array.of(7, -8) } }));
      const script = [
        'import json, struct, sys, zlib, array',
        'raw = open(sys.argv[1], "rb").read()',
        'assert raw[:8] == b"\\x89TPS\\r\\n\\x1a\\n"',
        'version, hlen = struct.unpack_from("<II", raw, 8)',
        'assert zlib.crc32(raw[:-4]) == struct.unpack_from("<I", raw, len(raw) - 4)[0]',
        'header = json.loads(raw[16:16 + hlen])',
        'codes = {"<f8": "d", "<i4": "i", "|u1": "B"}',
        'out = {}',
        'for a in header["arrays"]:',
        '    v = array.array(codes[a["dtype"]]); v.frombytes(raw[a["offset"]:a["offset"] + a["length"] * v.itemsize]); out[a["name"]] = list(v)',
        'print(json.dumps({"version": version, "nDim": header["meta"]["nDim"], **out}))',
      ].join('\n');
      const parsed = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
      expect(parsed).toEqual({ version: 1, nDim: 2, x: [1, 2, 3, 4.5], lineage: [7, -8] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts with the documented signature', () => {
    expect(Array.from(encodeStateFile(sample()).subarray(0, 8))).toEqual(Array.from(STATE_MAGIC));
  });
});

describe('state files of any size', () => {
  const headerOf = (first: Uint8Array) => {
    const length = new DataView(first.buffer, first.byteOffset).getUint32(12, true);
    return JSON.parse(new TextDecoder().decode(first.subarray(16, 16 + length))) as { arrays: { name: string; offset: number; length: number }[] };
  };

  it('lay out offsets past 2 GiB and 4 GiB with 64-bit arithmetic', () => {
    // Address space only: the arrays are allocated lazily and never touched (only the header is made).
    const big = new Uint8Array(2 ** 31 + 3);
    const bigger = new Float64Array(2 ** 29 + 1);
    const after = Float64Array.of(1.5, -2);
    const pieces = stateFilePieces({ meta: {}, arrays: { big, bigger, after } });
    const { arrays } = headerOf(pieces[Symbol.iterator]().next().value!);
    const [a, b, c] = arrays;
    expect(b.offset).toBe(Math.ceil((a.offset + 2 ** 31 + 3) / 8) * 8);
    expect(b.offset).toBeGreaterThan(2 ** 31);
    expect(c.offset).toBe(b.offset + 8 * (2 ** 29 + 1));
    expect(c.offset).toBeGreaterThan(2 ** 32);
    expect(pieces.size).toBe(c.offset + 16 + 4);
  });

  it('come out piece by piece with a running checksum, the same bytes whatever the piece size', () => {
    const contents = { meta: { nDim: 3 }, arrays: { x: Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i)), i: Int32Array.from({ length: 333 }, (_, k) => k - 100), b: Uint8Array.from({ length: 77 }, (_, k) => k) } };
    const whole = encodeStateFile(contents);
    for (const chunk of [8, 24, 1000, 1 << 20]) {
      const pieces = [...stateFilePieces(contents, chunk)];
      expect(Buffer.concat(pieces).equals(whole)).toBe(true);
      // Every piece after the header is at most the chunk size (the arrays are never copied whole).
      for (const piece of pieces.slice(1)) expect(piece.length).toBeLessThanOrEqual(Math.max(chunk, 8));
      expect(decodeStateFile(whole, 's', { chunkBytes: chunk }).arrays.x).toEqual(contents.arrays.x);
    }
    expect(new DataView(whole.buffer).getUint32(whole.length - 4, true)).toBe(crc32(whole.subarray(0, whole.length - 4)) >>> 0);
  });

  it('are read from disk section by section, keeping only the arrays asked for, and every byte checksummed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempest-state-'));
    try {
      const path = join(dir, 'run.state');
      const bytes = encodeStateFile(sample());
      writeFileSync(path, bytes);
      const all = await readStateFile(path, 'Check the path.', { chunkBytes: 5 });
      expect(all.meta).toEqual(sample().meta);
      expect(Array.from(all.arrays.lineage)).toEqual([0, -1, 2147483647]);
      const some = await readStateFile(path, 'Check the path.', { keep: (name) => name === 'flags' });
      expect(Object.keys(some.arrays)).toEqual(['flags']);
      expect(some.lengths).toEqual({ x: 6, lineage: 3, flags: 3, empty: 0 });
      // A byte flipped in an array not kept is still caught by the checksum.
      const x = headerOf(bytes).arrays.find((a) => a.name === 'x')!;
      const bad = bytes.slice();
      bad[x.offset + 3] ^= 1;
      writeFileSync(path, bad);
      await expect(readStateFile(path, 'Check the path.', { keep: (name) => name === 'flags' })).rejects.toThrow(/checksum does not match/);
      writeFileSync(path, bytes.subarray(0, x.offset + 20));
      await expect(readStateFile(path, 'Check the path.')).rejects.toThrow(/array "x" ends at byte \d+, past the end of the file's \d+ bytes: the file is truncated/);
      await expect(readStateFile(join(dir, 'missing.state'), 'Check the path.')).rejects.toThrow(/Cannot read the state file \S+missing\.state: [^]*Check the path\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse an array table whose arrays overlap or repeat, so the arrays read never exceed the file', () => {
    const reseal = (b: Uint8Array) => {
      new DataView(b.buffer).setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)) >>> 0, true);
      return b;
    };
    const bytes = encodeStateFile({ meta: {}, arrays: { a: new Float64Array(64), b: new Float64Array(64) } });
    const length = new DataView(bytes.buffer).getUint32(12, true);
    const text = new TextDecoder().decode(bytes.subarray(16, 16 + length));
    const { arrays } = JSON.parse(text) as { arrays: { offset: number }[] };
    const craft = (edit: (t: string) => string) => {
      const out = bytes.slice();
      out.set(new TextEncoder().encode(edit(text).padEnd(length, ' ').slice(0, length)), 16);
      return reseal(out);
    };
    expect(rejection(craft((t) => t.replace(`"offset":${arrays[1].offset}`, `"offset":${String(arrays[0].offset).padEnd(String(arrays[1].offset).length, ' ')}`))).message).toMatch(/overlap/);
    expect(rejection(craft((t) => t.replace('"name":"b"', '"name":"a"'))).message).toMatch(/lists "a" twice/);
  });
});
