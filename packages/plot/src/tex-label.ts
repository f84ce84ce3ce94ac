// A small reader for the TeX that Python users put in corner.py labels (`$\alpha$`, `$H_0$ [km/s]`,
// `$\sigma_{\rm eff}^2$`): Greek letters and a few symbols become Unicode, `_`/`^` become lowered or
// raised runs, and the `$` delimiters go. As in TeX's math mode, Latin letters and lowercase Greek
// are set in italic (variables), digits, capital Greek, operator names (`\log`) and `\mathrm`/`\rm`/
// `\text` upright. Anything else is kept as written, minus the `$`.

/** A piece of a label drawn at one baseline: the main line, or lowered/raised as an index. */
export interface TextRun {
  text: string;
  /** `sub` (subscript) or `super` (superscript); absent on the baseline. */
  shift?: 'sub' | 'super';
  /** Set in italic, as TeX sets the letters of math mode (variables); absent: upright. */
  italic?: true;
}

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', omicron: 'ο',
  pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ',
  phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

const SYMBOLS: Record<string, string> = {
  times: '×', cdot: '·', pm: '±', mp: '∓', odot: '⊙', sun: '☉', oplus: '⊕', infty: '∞', prime: '′',
  circ: '∘', degree: '°', ell: 'ℓ', hbar: 'ħ', partial: '∂', nabla: '∇', propto: '∝', sim: '∼',
  approx: '≈', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', langle: '⟨', rangle: '⟩',
  log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', det: 'det', min: 'min', max: 'max',
  ',': '\u2009', ';': ' ', ':': ' ', ' ': ' ', '!': '', quad: '  ', '%': '%', '$': '$', '&': '&',
  '#': '#', _: '_', '{': '{', '}': '}', '\\': ' ',
};

/** Operator names, set upright and followed by a thin space. */
const OPERATOR = /^\\(?:log|ln|exp|sin|cos|tan|det|min|max)(?![A-Za-z])/;

/** Commands that only change the font: their argument is kept as plain text. */
const FONT_COMMANDS = new Set([
  'mathrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'mathscr', 'mathfrak',
  'text', 'textrm', 'textit', 'textbf', 'operatorname', 'boldsymbol', 'bm', 'mbox', 'rm', 'it', 'bf', 'sf',
  'tt', 'cal', 'displaystyle', 'textstyle', 'left', 'right',
]);

/** Accents drawn with a combining character after their argument. */
const ACCENTS: Record<string, string> = {
  hat: '\u0302', bar: '\u0304', overline: '\u0305', tilde: '\u0303', dot: '\u0307', ddot: '\u0308', vec: '\u20D7',
};

/**
 * Splits a parameter label into runs of text, rendering the TeX between `$…$` pairs (letters in
 * italic, as TeX sets variables): Greek letters
 * (`\alpha`…`\omega`, capitals), common symbols (`\odot`, `\times`, `\pm`, …), font commands
 * (`\mathrm{eff}` → `eff`), accents, `\frac{a}{b}` as `a/b`, and sub/superscripts `_0`, `_{eff}`,
 * `^2`. Text outside the dollars, and a label without a matched pair of `$`, is kept as it is.
 * Commands it does not know are kept as written (`\foo`), without the `$`.
 *
 * @param label - the label, e.g. `$H_0$ [km/s/Mpc]`
 * @returns runs in reading order; adjacent runs at the same shift are merged
 * @example
 * ```ts
 * texRuns('$\\sigma_{\\rm eff}^2$'); // [{ text: 'σ', italic: true }, { text: 'eff', shift: 'sub' }, { text: '2', shift: 'super' }]
 * ```
 */
export function texRuns(label: string): TextRun[] {
  const runs: TextRun[] = [];
  let i = 0;
  while (i < label.length) {
    const open = findDollar(label, i);
    const close = open < 0 ? -1 : findDollar(label, open + 1);
    if (close < 0) {
      pushRun(runs, { text: label.slice(i).replace(/\\\$/g, '$') });
      break;
    }
    pushRun(runs, { text: label.slice(i, open).replace(/\\\$/g, '$') });
    for (const run of mathRuns(label.slice(open + 1, close), false)) pushRun(runs, run);
    i = close + 1;
  }
  return runs;
}

/**
 * The label as one line of plain text (for tooltips and accessible names): TeX rendered as by
 * {@link texRuns}, indices as Unicode sub/superscript characters where they all exist, else as
 * `_x` / `^x`.
 *
 * @param label - the label
 * @returns plain text without `$`
 * @example
 * ```ts
 * texPlainText('$H_0$ [km/s/Mpc]'); // 'H₀ [km/s/Mpc]'
 * ```
 */
export function texPlainText(label: string): string {
  return texRuns(label)
    .map((run) => (run.shift ? indexText(run.text, run.shift) : run.text))
    .join('');
}

/**
 * Length of the runs in character widths, counting indices at `indexScale` of a character.
 * @param runs - from {@link texRuns}
 * @param indexScale - relative font size of sub/superscripts
 * @returns the estimated length in characters of the base font
 */
export function runsLength(runs: readonly TextRun[], indexScale: number): number {
  let length = 0;
  for (const run of runs) length += [...run.text].length * (run.shift ? indexScale : 1);
  return length;
}

/** Position of the next `$` not escaped as `\$`, or −1. */
function findDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '$') return i;
  }
  return -1;
}

/** Appends a run, merging it into the last one when they share shift and style. */
function pushRun(runs: TextRun[], run: TextRun): void {
  if (run.text === '') return;
  const last = runs[runs.length - 1];
  if (last && last.shift === run.shift && last.italic === run.italic) last.text += run.text;
  else runs.push({ text: run.text, ...(run.shift ? { shift: run.shift } : {}), ...(run.italic ? { italic: true as const } : {}) });
}

/** TeX's math italic: Latin letters and lowercase Greek (capital Greek stays upright). */
const MATH_ITALIC = /^[A-Za-zα-ωϵϑϖϱςϕ]$/u;

/** Runs of text, each character italic or upright by TeX's rule unless `upright` (inside \mathrm and the like). */
function styled(text: string, upright: boolean): TextRun[] {
  const runs: TextRun[] = [];
  for (const c of text) pushRun(runs, !upright && MATH_ITALIC.test(c) ? { text: c, italic: true } : { text: c });
  return runs;
}

/** Runs of the TeX inside one `$…$` pair (or a group of it), letters italic unless `upright`. */
function mathRuns(tex: string, upright: boolean): TextRun[] {
  const reader = { tex, at: 0 };
  const runs: TextRun[] = [];
  // TeX puts a thin space between an operator name (\log) and its argument, after any indices.
  let spaceAfterOperator = false;
  while (reader.at < tex.length) {
    const c = tex[reader.at];
    if (c === '_' || c === '^') {
      reader.at++;
      // A nested index (`x_{a_b}`) is drawn at the same level as its parent.
      const shift = c === '_' ? 'sub' : 'super';
      skipSpaces(reader);
      for (const run of reader.at < tex.length ? readAtom(reader, upright) : []) pushRun(runs, { ...run, shift });
    } else {
      const operator = OPERATOR.test(tex.slice(reader.at));
      const atom = readAtom(reader, upright);
      const empty = atom.every((r) => r.text === '');
      if (spaceAfterOperator && !empty) pushRun(runs, { text: '\u2009' });
      for (const run of atom) pushRun(runs, run);
      if (!empty) spaceAfterOperator = operator;
    }
  }
  return runs;
}

interface Reader {
  tex: string;
  at: number;
}

/** One group, command or character as runs on the baseline (indices inside a group are flattened). */
function readAtom(reader: Reader, upright: boolean): TextRun[] {
  const { tex } = reader;
  const c = tex[reader.at];
  if (c === '{') {
    const end = matchingBrace(tex, reader.at);
    const inner = tex.slice(reader.at + 1, end);
    reader.at = end + 1;
    return mathRuns(inner, upright).map(({ shift: _, ...run }) => run);
  }
  if (c === '}') {
    reader.at++;
    return [];
  }
  if (c === '\\') return readCommand(reader, upright);
  // TeX ignores spaces in math mode and sets a hyphen as a minus sign.
  reader.at++;
  return styled(c === ' ' ? '' : c === '-' ? '\u2212' : c, upright);
}

/** Font commands that set their argument upright (the rest keep TeX's math italic, \mathit included). */
const UPRIGHT_COMMANDS = new Set(['mathrm', 'text', 'textrm', 'textbf', 'operatorname', 'mbox', 'rm', 'mathbf', 'bf', 'mathsf', 'sf', 'mathtt', 'tt']);

function readCommand(reader: Reader, upright: boolean): TextRun[] {
  const { tex } = reader;
  const start = reader.at + 1;
  let end = start;
  while (end < tex.length && /[A-Za-z]/.test(tex[end])) end++;
  if (end === start && end < tex.length) end++; // one-character command: \, \% \{ …
  const name = tex.slice(start, end);
  reader.at = end;
  if (name in GREEK) return styled(GREEK[name], upright);
  if (name in SYMBOLS) return [{ text: SYMBOLS[name] }];
  if (FONT_COMMANDS.has(name)) {
    skipSpaces(reader);
    const roman = upright || UPRIGHT_COMMANDS.has(name);
    // `\mathrm{eff}` (a command with an argument) keeps the text; `\rm eff` (a switch) sets the rest of its group.
    if (tex[reader.at] === '{') return readAtom(reader, roman);
    if (!UPRIGHT_COMMANDS.has(name)) return [];
    const rest = mathRuns(tex.slice(reader.at), true).map(({ shift: _, ...run }) => run);
    reader.at = tex.length;
    return rest;
  }
  if (name in ACCENTS) {
    skipSpaces(reader);
    const argument = reader.at < tex.length ? readAtom(reader, upright) : [];
    return [...argument, { text: ACCENTS[name] }];
  }
  if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
    skipSpaces(reader);
    const num = reader.at < tex.length ? readAtom(reader, upright) : [];
    skipSpaces(reader);
    const den = reader.at < tex.length ? readAtom(reader, upright) : [];
    const wrap = (r: TextRun[]) => ([...r.map((x) => x.text).join('')].length > 1 ? [{ text: '(' }, ...r, { text: ')' }] : r);
    return [...wrap(num), { text: '/' }, ...wrap(den)];
  }
  if (name === 'sqrt') {
    skipSpaces(reader);
    return [{ text: '√' }, ...(reader.at < tex.length ? readAtom(reader, upright) : [])];
  }
  return [{ text: `\\${name}` }];
}

function skipSpaces(reader: Reader): void {
  while (reader.at < reader.tex.length && reader.tex[reader.at] === ' ') reader.at++;
}

/** Index of the `}` closing the `{` at `open`, or the end of the text when it is missing. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

const SUBSCRIPTS: Record<string, string> = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌',
  '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', o: 'ₒ', x: 'ₓ', h: 'ₕ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', p: 'ₚ', s: 'ₛ', t: 'ₜ',
  i: 'ᵢ', j: 'ⱼ', r: 'ᵣ', u: 'ᵤ', v: 'ᵥ',
};
const SUPERSCRIPTS: Record<string, string> = {
  0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼',
  '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', '′': '′', '*': '*',
};

/** An index as Unicode sub/superscript characters, or `_x` / `_{xy}` when one has none. */
function indexText(text: string, shift: 'sub' | 'super'): string {
  const table = shift === 'sub' ? SUBSCRIPTS : SUPERSCRIPTS;
  const chars = [...text];
  if (chars.every((c) => c in table)) return chars.map((c) => table[c]).join('');
  const mark = shift === 'sub' ? '_' : '^';
  return chars.length === 1 ? `${mark}${text}` : `${mark}{${text}}`;
}
