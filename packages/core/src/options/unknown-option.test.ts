import { describe, expect, it } from 'vitest';
import { optionOfPythonName, unknownOptionHint } from './unknown-option.js';

const options = { nParticles: { python: 'n_particles' }, nSteps: { python: 'n_steps' }, nMaxSteps: { python: 'n_max_steps' }, pool: { python: 'pool' } };

describe('unknown option names', () => {
  it('point a Python name to its camelCase option', () => {
    expect(optionOfPythonName('n_max_steps', options)).toBe('nMaxSteps');
    expect(optionOfPythonName('pool', options)).toBeUndefined(); // the same name: not an unknown one
    expect(unknownOptionHint('n_particles', options)).toBe('options are camelCase: use nParticles.');
  });

  it('suggest the options a misspelling is close to, and nothing for a name far from all', () => {
    expect(unknownOptionHint('nParticle', options)).toBe('did you mean nParticles?');
    expect(unknownOptionHint('nsteps', options)).toBe('did you mean nSteps?');
    expect(unknownOptionHint('temperature', options)).toBeUndefined();
  });

  it('point the names other samplers use to the option, when the table has it', () => {
    const withSeed = { ...options, randomState: { python: 'random_state' } };
    expect(unknownOptionHint('seed', withSeed)).toBe('Tempest calls it randomState: use randomState.');
    expect(unknownOptionHint('nlive', withSeed)).toBe('Tempest calls it nParticles: use nParticles.');
    expect(unknownOptionHint('random_seed', withSeed)).toBe('options are camelCase: use randomState.');
    expect(unknownOptionHint('nparticles', withSeed)).toBe('did you mean nParticles?');
    expect(optionOfPythonName('seed', options)).toBeUndefined(); // no randomState in this table
  });
});
