import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, similarNames } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistance('logLikelyhood', 'logLikelihood')).toBe(1);
    expect(editDistance('nParticle', 'nParticles')).toBe(1);
    expect(editDistance('nDmi', 'nDim')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('prior', 'priorTransform')).toBe(9);
  });
});

describe('similarNames and didYouMean', () => {
  it('suggests names a few edits away or equal ignoring case, closest first', () => {
    expect(similarNames('logLikelyhood', ['nDim', 'logLikelihood', 'priorTransform'])).toEqual(['logLikelihood']);
    expect(similarNames('ndim', ['nDim', 'nDims'])).toEqual(['nDim']);
    expect(similarNames('nDimz', ['nDims', 'nDim'])).toEqual(['nDims', 'nDim']);
    expect(similarNames('loglike', ['logLikelihood'])).toEqual([]);
    expect(similarNames('period', ['periodic'], 1)).toEqual([]);
    expect(didYouMean('PriorTransform', ['priorTransform'])).toBe(' (did you mean priorTransform?)');
    expect(didYouMean('x', ['nDim'])).toBe('');
  });
});
