// Kill -9 at random moments (including during checkpoint writes) must cost at most the
// iterations since the last checkpoint: resuming from the newest checkpoint gives the same
// final samples, weights and log Z, bit for bit, as a run that was never interrupted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../src/index.js';

const job = fileURLToPath(new URL('./fixtures/checkpoint-job.ts', import.meta.url));
const nodeArgs = ['--conditions=@tempest/source', '--import', 'tsx', job];

/** Runs the job to the end; resolves to its printed digest. */
function runJob(outputDir: string, resume?: string): Promise<{ digest: string; iterations: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, outputDir, resume ?? ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!));
      else reject(new Error(`job exited with ${code}: ${err}`));
    });
  });
}

/**
 * Starts the job and SIGKILLs it once the checkpoint of iteration `target` exists plus `delayMs`
 * (so the kill lands anywhere in an iteration, sometimes during a checkpoint write). The job saves
 * every iteration and keeps the newest 3 files, so the newest file's number is the iteration.
 */
function killAtIteration(outputDir: string, target: number, delayMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, outputDir, ''], { stdio: 'ignore' });
    let killed = false;
    const poll = setInterval(() => {
      let newest = 0;
      try {
        for (const f of readdirSync(outputDir)) newest = Math.max(newest, Number(/^job_(\d+)\.state$/.exec(f)?.[1] ?? 0));
      } catch {
        return; // the folder does not exist yet
      }
      if (newest >= target && !killed) {
        killed = true;
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }, 1);
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve(signal === 'SIGKILL' ? 1 : 0);
    });
  });
}

/** The newest complete checkpoint (temporary files of an interrupted write are ignored). */
function newestCheckpoint(dir: string): string | undefined {
  const numbered = readdirSync(dir)
    .map((f) => /^job_(\d+)\.state$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  return numbered.length > 0 ? join(dir, numbered[0][0]) : undefined;
}

describe('kill -9 and resume', () => {
  it('resumes from the newest checkpoint to the result of an uninterrupted run', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tempest-kill-'));
    try {
      const reference = await runJob(join(base, 'reference'));
      expect(reference.iterations).toBeGreaterThan(8);
      const rng = new RandomGenerator(77);
      let killedMidRun = 0;
      for (let trial = 0; trial < 5; trial++) {
        const dir = join(base, `trial-${trial}`);
        // Kill after a random number of checkpoints, a random fraction of an iteration later.
        killedMidRun += await killAtIteration(dir, 1 + rng.integer(reference.iterations - 2), rng.uniform() * 30);
        const checkpoint = newestCheckpoint(dir);
        expect(checkpoint).toBeDefined();
        const resumed = await runJob(dir, checkpoint);
        expect(resumed.digest).toBe(reference.digest);
        expect(resumed.iterations).toBe(reference.iterations);
      }
      expect(killedMidRun).toBeGreaterThanOrEqual(4);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('kill -9 during a state-file write', () => {
  it('leaves the previous file intact and readable', async () => {
    const { decodeStateFile } = await import('../src/state/state-file.js');
    const { readFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'tempest-write-kill-'));
    try {
      const path = join(dir, 'run.state');
      const script = fileURLToPath(new URL('./fixtures/slow-write.ts', import.meta.url));
      const child = spawn(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
      let ready = false;
      child.stdout.on('data', (c: Buffer) => {
        if (String(c).includes('ready')) ready = true;
      });
      // Kill as soon as the temporary file of the big write shows up.
      const killedDuringWrite = await new Promise<boolean>((resolve) => {
        const poll = setInterval(() => {
          if (ready && readdirSync(dir).some((f) => f.includes('.tmp-'))) {
            clearInterval(poll);
            child.kill('SIGKILL');
            resolve(true);
          }
        }, 1);
        child.on('exit', () => {
          clearInterval(poll);
          resolve(false);
        });
      });
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.on('exit', r)));
      expect(killedDuringWrite).toBe(true);
      const back = decodeStateFile(readFileSync(path), path);
      expect(back.meta).toEqual({ version: 'old' });
      expect(Array.from(back.arrays.x)).toEqual([1, 2, 3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
