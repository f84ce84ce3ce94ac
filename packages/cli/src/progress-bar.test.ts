import { Writable } from 'node:stream';
import type { IterationInfo } from '@tempest/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from './progress-bar.js';

const info = (iteration: number, beta: number): IterationInfo => ({
  iteration, calls: 128 * iteration, beta, ess: 256, logz: -3.2, meanLogl: -1.5, acceptance: 0.9, steps: 4, efficiency: 0.6, K: 2, cv: 0.04,
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
    expect(lines).toEqual([expect.stringMatching(/^iter 1 \| calls 128 \| beta 0\.0000 \| ESS 256 \| logZ -3\.200 \| logL -1\.500 \| acc 0\.900 \| steps 4 \| eff 0\.600 \| K 2 \| CV 0\.040$/), expect.stringMatching(/^iter 2 /), '']);
  });

  it('redraws one line on a terminal, with a bar of beta and every diagnostic', () => {
    vi.stubEnv('NO_COLOR', '');
    const s = sink(true);
    const bar = new ProgressBar({ stream: s.stream });
    bar.update(info(1, 0.25));
    bar.update(info(2, 0.5));
    bar.done();
    const frames = s.text().split('\r\x1b[2K').filter((f) => f !== '');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe('\x1b[36m██████░░░░░░\x1b[0m it 2 calls 256 beta 0.5000 ESS 256 logZ -3.200 logL -1.50 acc 0.90 steps 4 eff 0.60 K 2 CV 0.040\n');
  });

  it('once beta is 1, fills the bar (green) towards the target ESS', () => {
    vi.stubEnv('NO_COLOR', '');
    const s = sink(true);
    new ProgressBar({ stream: s.stream, nTotal: 1024 }).update(info(9, 1));
    expect(s.text()).toMatch(/^\r\x1b\[2K\x1b\[32m███░░░░░░░░░\x1b\[0m it 9 /);
  });

  it('uses no colour with NO_COLOR and fits the terminal width', () => {
    vi.stubEnv('NO_COLOR', '1');
    const s = sink(true, 40);
    const bar = new ProgressBar({ stream: s.stream });
    bar.update(info(3, 1));
    expect(s.text()).not.toMatch(/\x1b\[3\dm/);
    const frame = s.text().replace('\r\x1b[2K', '');
    expect(frame.length).toBeLessThanOrEqual(39);
    expect(frame).toMatch(/^█{12} it 3 calls 384 .*…$/);
  });
});
