import { describe, expect, it } from 'vitest';
import { runsLength, texPlainText, texRuns } from './tex-label.js';

describe('texRuns', () => {
  it('turns Greek letters into Unicode and drops the dollars', () => {
    expect(texRuns('$\\alpha$')).toEqual([{ text: 'α', italic: true }]);
    expect(texRuns('$\\Omega_m$')).toEqual([{ text: 'Ω' }, { text: 'm', shift: 'sub', italic: true }]);
    expect(texRuns('$\\Gamma \\omega \\varphi$')).toEqual([{ text: 'Γ' }, { text: 'ωφ', italic: true }]);
  });

  it('lowers and raises single characters and braced groups', () => {
    expect(texRuns('$H_0$ [km/s/Mpc]')).toEqual([{ text: 'H', italic: true }, { text: '0', shift: 'sub' }, { text: ' [km/s/Mpc]' }]);
    expect(texRuns('$\\sigma_{eff}^2$')).toEqual([{ text: 'σ', italic: true }, { text: 'eff', shift: 'sub', italic: true }, { text: '2', shift: 'super' }]);
    expect(texRuns('$x^{-1}$')).toEqual([{ text: 'x', italic: true }, { text: '\u22121', shift: 'super' }]);
    expect(texRuns('$M_\\odot$')).toEqual([{ text: 'M', italic: true }, { text: '⊙', shift: 'sub' }]);
  });

  it('keeps the text of font commands, in both the argument and the switch form', () => {
    expect(texRuns('$T_{\\rm eff}$')).toEqual([{ text: 'T', italic: true }, { text: 'eff', shift: 'sub' }]);
    expect(texRuns('$\\mathrm{log}_{10}\\,g$')).toEqual([{ text: 'log' }, { text: '10', shift: 'sub' }, { text: '\u2009' }, { text: 'g', italic: true }]);
    expect(texRuns('$\\frac{1}{2}$')).toEqual([{ text: '1/2' }]);
    expect(texRuns('$\\log_{10} g$')).toEqual([{ text: 'log' }, { text: '10', shift: 'sub' }, { text: '\u2009' }, { text: 'g', italic: true }]);
  });

  it('leaves plain names, unmatched dollars and unknown commands as written (without the dollars)', () => {
    expect(texRuns('theta_0')).toEqual([{ text: 'theta_0' }]);
    expect(texRuns('price in $')).toEqual([{ text: 'price in $' }]);
    expect(texRuns('cost \\$5')).toEqual([{ text: 'cost $5' }]);
    expect(texRuns('$\\foo{x}$')).toEqual([{ text: '\\foo' }, { text: 'x', italic: true }]);
    expect(texRuns('$a$ and $b$')).toEqual([{ text: 'a', italic: true }, { text: ' and ' }, { text: 'b', italic: true }]);
    expect(texRuns('')).toEqual([]);
  });

  it('survives unbalanced braces and trailing indices', () => {
    expect(texRuns('$x_{ab$')).toEqual([{ text: 'x', italic: true }, { text: 'ab', shift: 'sub', italic: true }]);
    expect(texRuns('$x^$')).toEqual([{ text: 'x', italic: true }]);
    expect(texRuns('$}x$')).toEqual([{ text: 'x', italic: true }]);
  });

  it('sets letters in italic as TeX does, and upright inside \\mathrm, \\text and operator names', () => {
    expect(texRuns('$P$ [d]')).toEqual([{ text: 'P', italic: true }, { text: ' [d]' }]);
    expect(texRuns('$\\mathrm{km}\\,s^{-1}$')).toEqual([{ text: 'km\u2009' }, { text: 's', italic: true }, { text: '\u22121', shift: 'super' }]);
    expect(texRuns('$\\text{SNR}$')).toEqual([{ text: 'SNR' }]);
    expect(texRuns('$\\sin\\phi$')).toEqual([{ text: 'sin\u2009' }, { text: 'ϕ', italic: true }]);
    expect(texRuns('$2\\pi$')).toEqual([{ text: '2' }, { text: 'π', italic: true }]);
    expect(texRuns('plain name')).toEqual([{ text: 'plain name' }]);
  });
});

describe('texPlainText', () => {
  it('writes indices as Unicode sub/superscripts where they exist', () => {
    expect(texPlainText('$H_0$ [km/s/Mpc]')).toBe('H₀ [km/s/Mpc]');
    expect(texPlainText('$r^2$')).toBe('r²');
    expect(texPlainText('$x^{-1}$')).toBe('x⁻¹');
    expect(texPlainText('$\\sigma_{eff}$')).toBe('σ_{eff}');
    expect(texPlainText('$\\alpha$')).toBe('α');
  });
});

describe('runsLength', () => {
  it('counts index characters at the index scale', () => {
    expect(runsLength(texRuns('$\\sigma_{eff}^2$'), 0.5)).toBe(3);
    expect(runsLength(texRuns('abc'), 0.5)).toBe(3);
  });
});
