import { Writable } from 'node:stream';
import type { IterationInfo } from '@tempest/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from './progress-bar.js';

const info = (iteration: number, beta: number, ess = 256): IterationInfo => ({
  iteration, calls: 128 * iteration, beta, ess, logz: -3.2, meanLogl: -1.5, acceptance: 0.9, steps: 4, efficiency: 0.6, K: 2, cv: 0.04, correlation: 0.03, capped: false, loglGain: 0.01, loglGainError: 0.05,
  timing: { reweight: 0, reweightSteps: 0, train: 0, mutate: 0, likelihood: 0, total: 0 },
});

/** A stream that records what is written, posing as a terminal or not. */
function sink(isTTY: boolean, columns = 200) {
  let text = '';
  const stream = Object.assign(new Writable({ write(chunk, _e, done) { text += String(chunk); done(); } }), { isTTY, columns });
  return { stream, text: () => text };
}

afterEach(() => vi.unstubAllEnvs());

describe('ProgressBar', () => {
  it('writes one plain line per iteration when the stream is not a terminal', () => {
    const s = sink(false);
    const bar = new ProgressBar({ stream: s.stream });
    bar.update(info(1, 0));
    bar.update(info(2, 0.5));
    bar.done();
    const lines = s.text().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^iter 1 \| calls 128 \| beta 0\.0000 \| ESS 256 \| logZ -3\.200 \| logL -1\.500 \| acc 0\.900 \| steps 4 \| eff 0\.600 \| K 2 \| CV 0\.040 \| corr 0\.030$/), expect.stringMatching(/^iter 2 /), '']);
  });

  it('redraws one line on a terminal, with a bar of beta, the elapsed time and every diagnostic', () => {
    vi.stubEnv('NO_COLOR', '');
    const s = sink(true);
    let ms = 1000;
    const bar = new ProgressBar({ stream: s.stream, now: () => ms });
    bar.update(info(1, 0.25));
    ms += 83_000;
    bar.update(info(2, 0.5));
    bar.done();
    const frames = s.text().split('\r\x1b[2K').filter((f) => f !== '');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe('\x1b[36m██████░░░░░░\x1b[0m 1:23 it 2 calls 256 beta 0.5000 ESS 256 logZ -3.200 logL -1.50 acc 0.90 steps 4 eff 0.60 K 2 CV 0.040\n');
  });

  it('with a target ESS, fills monotonically: beta the first half (cyan), the ESS at beta = 1 the rest (green)', () => {
    vi.stubEnv('NO_COLOR', '');
    const s = sink(true);
    const bar = new ProgressBar({ stream: s.stream, nTotal: 1024, now: () => 0 });
    // The reviewer's run: 10/12 cells of beta, then 2/12 once beta reached 1 and the bar showed the ESS.
    for (const [iteration, beta, ess] of [[1, 0], [5, 0.4], [8, 0.85], [9, 1, 256], [10, 1, 240], [12, 1, 768], [14, 1, 1000]]) bar.update(info(iteration, beta, ess));
    bar.done(true); // the run reached its target: the last frame is redrawn full
    const frames = s.text().split('\r\x1b[2K').filter((f) => f !== '');
    const cells = frames.map((f) => (/^\x1b\[3\dm(█*)░*\x1b\[0m/.exec(f)?.[1] ?? 'x').length);
    expect(cells).toEqual([0, 2, 5, 8, 8, 11, 12, 12]);
    expect(frames.map((f) => f.slice(0, 5))).toEqual([...Array(3).fill('\x1b[36m'), ...Array(5).fill('\x1b[32m')]);
    expect(frames.at(-1)).toMatch(/ it 14 .*\n$/);
  });

  it('uses no colour with NO_COLOR and fits the terminal width', () => {
    vi.stubEnv('NO_COLOR', '1');
    const s = sink(true, 40);
    const bar = new ProgressBar({ stream: s.stream, now: () => 0 });
    bar.update(info(3, 1));
    expect(s.text()).not.toMatch(/\x1b\[3\dm/);
    const frame = s.text().replace('\r\x1b[2K', '');
    expect(frame.length).toBeLessThanOrEqual(39);
    expect(frame).toMatch(/^█{12} 0:00 it 3 calls 384 .*…$/);
  });
});

describe('formatElapsed', () => {
  it('writes m:ss, and h:mm:ss from an hour on', async () => {
    const { formatElapsed } = await import('./progress-bar.js');
    expect([0, 9.9, 83, 3599, 3600, 7385].map(formatElapsed)).toEqual(['0:00', '0:09', '1:23', '59:59', '1:00:00', '2:03:05']);
  });
});
