// The README's first command runs examples/quickstart.ts: keep every example runnable.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('examples', () => {
  it.each([
    ['quickstart.ts', /log Z\s+-2[67]\.\d+ ± 0\.\d+/],
    ['gaussian-mixture.ts', /mass of the mode at \+2: 0\.\d+ ± 0\.\d+/],
  ])('%s runs and prints its results', async (file, expected) => {
    const { stdout } = await run(process.execPath, ['--conditions=@tempest/source', '--import', 'tsx', `examples/${file}`], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(expected);
  });
});
