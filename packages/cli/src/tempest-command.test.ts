import { describe, expect, it } from 'vitest';
import { tempestCommand } from './tempest-command.js';

describe('tempestCommand', () => {
  it('says npx tempest when started from a node_modules/.bin link (local npx, npx cache, npm script)', () => {
    expect(tempestCommand('/home/me/project/node_modules/.bin/tempest')).toBe('npx tempest');
    expect(tempestCommand('/home/me/.npm/_npx/d703b015/node_modules/.bin/tempest')).toBe('npx tempest');
  });

  it('says tempest for a global install, a direct node call, or anything else', () => {
    expect(tempestCommand('/usr/local/bin/tempest')).toBe('tempest');
    expect(tempestCommand('/usr/local/lib/node_modules/@tempest/cli/dist/bin.js')).toBe('tempest');
    expect(tempestCommand('/work/repo/packages/cli/src/bin.ts')).toBe('tempest');
    expect(tempestCommand(undefined)).toBe('tempest');
  });
});
