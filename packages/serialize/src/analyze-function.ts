import { parse, type Expression, type Options } from 'acorn';
import type { RefusalReason } from './refusal.js';
import { analyzeScope, type ContextUse } from './scope-analysis.js';

/** A problem with a function's own source, before looking at what it captures. */
export interface SourceProblem {
  readonly reason: RefusalReason;
  /** The sentence after the function's name: what is wrong, where, and what to change. */
  readonly detail: string;
}

/** What code shipping needs to know about one function, from {@link analyzeFunction}. */
export interface FunctionAnalysis {
  /** Its source text, as `Function.prototype.toString` gives it. */
  readonly source: string;
  /** Free variables in order of first use, each with a human-readable location. */
  readonly free: ReadonlyMap<string, string>;
  /**
   * Properties of the global object read by name (`globalThis.scale`), in order of first read,
   * each with the name it is read through (`globalThis`, `global`) and a human-readable location.
   */
  readonly globalProperties: ReadonlyMap<string, { readonly via: string; readonly where: string }>;
  /** Problems no capture can fix. */
  readonly problems: readonly SourceProblem[];
}

// The source is parsed as the returned expression of a wrapper function, so that an arrow function
// using `new.target` (which acorn only accepts inside a function) parses and can be reported.
const STRICT_PREFIX = "'use strict';(function () { return (";
const PLAIN_PREFIX = '(function () { return (';
// A newline first, so that a trailing line comment in the source cannot swallow the parenthesis.
const SUFFIX = '\n); })';
const NATIVE_SOURCE = /\{\s*\[native code\]\s*\}\s*$/;
const SCRIPT: Options = { ecmaVersion: 'latest', sourceType: 'script', allowSuperOutsideMethod: true };
const MODULE: Options = { ecmaVersion: 'latest', sourceType: 'module', allowSuperOutsideMethod: true };

// Taken once, so that code replacing or wrapping the global Function later cannot change it.
const functionToString = Function.prototype.toString;

// Parsing is the expensive part, and the same source comes back for every task batch.
const cache = new Map<string, FunctionAnalysis>();
const CACHE_LIMIT = 512;

/**
 * Parses a function's source (with acorn, in strict mode, as the receiver will compile it) and
 * finds its free variables and anything that ties it to where it was written: `this`, `super`,
 * `arguments` or `new.target` from an enclosing function, `import.meta`, direct `eval`. Native,
 * bound, class and method-shorthand functions, and sources strict mode rejects, are reported as
 * problems. Results are cached by source text.
 *
 * @param fn - any function
 * @returns its source, free variables and problems
 */
export function analyzeFunction(fn: (...args: never[]) => unknown): FunctionAnalysis {
  let source: string;
  try {
    source = functionToString.call(fn);
  } catch (error) {
    return unreadable('', `cannot have its source read (${(error as Error).message}); a Proxy around a function has no source. Ship the function itself.`);
  }
  const name = typeof fn.name === 'string' ? fn.name : '';
  if (NATIVE_SOURCE.test(source)) {
    if (name.startsWith('bound ')) {
      return only(source, 'bound', `is a bound function; binding hides its target, this-value and bound arguments, which cannot be read back. Ship an arrow function that calls the original instead and capture what it uses: encodeFunction((x) => f(data, x), { captures: { f, data } }).`);
    }
    return only(source, 'native', `is a native function, with no JavaScript source to ship. Ship a function that calls it instead, e.g. (x) => Math.sqrt(x): built-ins such as Math are globals in every worker.`);
  }
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const analysis = analyzeSource(source, name);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, analysis);
  return analysis;
}

function analyzeSource(source: string, name: string): FunctionAnalysis {
  const strict = tryParse(STRICT_PREFIX, source, SCRIPT);
  if ('node' in strict) return analyzeNode(source, strict.node, STRICT_PREFIX.length);

  // import.meta parses only as a module; report it like the other context uses.
  const asModule = tryParse(PLAIN_PREFIX, source, MODULE);
  if ('node' in asModule) return analyzeNode(source, asModule.node, PLAIN_PREFIX.length);

  const sloppy = tryParse(PLAIN_PREFIX, source, SCRIPT);
  if ('node' in sloppy) {
    return only(source, 'not-strict', `uses syntax that strict mode forbids: ${describeError(strict.error, source, STRICT_PREFIX.length)}. The receiver compiles shipped functions in strict mode; rewrite that part (no \`with\`, no legacy octal literals such as 010, no duplicate parameter names, no \`delete\` of a plain name).`);
  }
  if ('node' in tryParse('(class {\n', source, SCRIPT, '\n})') || 'node' in tryParse('({\n', source, SCRIPT, '\n})')) {
    const label = name.replace(/^(get|set) /, '') || 'method';
    return only(source, 'method', `is written as method shorthand (\`${label}(…) { … }\`, from an object literal or a class), which cannot be re-created on its own and may depend on the object through \`this\` or \`super\`. Write it as a property holding an arrow function or function expression, \`${label}: (x) => …\`, and ship that.`);
  }
  return unreadable(source, `has source text that does not parse as a function expression (${describeError(strict.error, source, STRICT_PREFIX.length)}). Ship a function written in plain JavaScript, or export it and send a functionReference.`);
}

function analyzeNode(source: string, node: Expression, offset: number): FunctionAnalysis {
  if (node.type === 'ClassExpression') {
    return only(source, 'class', `is a class; a class constructor cannot be called as a plain function, and its methods depend on \`this\`. Ship a plain function that creates what it needs inside, or export a function from the class's module and send a functionReference.`);
  }
  if ((node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') || node.start !== offset || node.end !== offset + source.length) {
    return unreadable(source, 'has source text that is not a single function expression. Ship a function written in plain JavaScript, or export it and send a functionReference.');
  }
  const report = analyzeScope(node);
  const free = new Map<string, string>();
  for (const [freeName, at] of report.free) free.set(freeName, locate(source, at - offset));
  const globalProperties = new Map<string, { via: string; where: string }>();
  for (const [property, { via, at }] of report.globalProperties) globalProperties.set(property, { via, where: locate(source, at - offset) });
  const problems = report.contextUses.map(({ what, at }) => ({ reason: what, detail: contextDetail(what, locate(source, at - offset)) }));
  return { source, free, globalProperties, problems };
}

function contextDetail(what: ContextUse, where: string): string {
  switch (what) {
    case 'this':
      return `uses \`this\` (${where}). A shipped function is called as a plain function, so \`this\` would be undefined in the receiver (in an arrow function it means the \`this\` of the code that created it, which does not travel). Capture the object instead, captures: { model }, and write model.x where it says this.x.`;
    case 'super':
      return `uses \`super\` (${where}), which refers to the object the function was defined on; that object does not travel. Call the method through a captured object instead.`;
    case 'new-target':
      return `uses \`new.target\` (${where}) in an arrow function, where it belongs to the function the arrow was written in; that does not travel. Pass the information as an argument instead.`;
    case 'import-meta':
      return `uses \`import.meta\` (${where}), which belongs to the module it was written in. Capture the value you need instead, e.g. captures: { moduleUrl: import.meta.url }.`;
    case 'eval':
      return `calls \`eval\` directly (${where}); direct eval can read any variable by name, so what it needs cannot be known before shipping. Pass the inputs explicitly, or export the function and send a functionReference.`;
  }
}

type ParseResult = { node: Expression } | { error: unknown };

function tryParse(prefix: string, source: string, options: Options, suffix = SUFFIX): ParseResult {
  try {
    const program = parse(prefix + source + suffix, options);
    const statement = program.body[program.body.length - 1];
    let node = statement?.type === 'ExpressionStatement' ? statement.expression : undefined;
    if (suffix === SUFFIX && node?.type === 'FunctionExpression') {
      const inner = node.body.body[0];
      node = inner?.type === 'ReturnStatement' && inner.argument ? inner.argument : undefined;
    }
    return node !== undefined ? { node } : { error: new Error('not an expression') };
  } catch (error) {
    return { error };
  }
}

function describeError(error: unknown, source: string, offset: number): string {
  const message = error instanceof Error ? error.message.replace(/ \(\d+:\d+\)$/, '') : String(error);
  const pos = (error as { pos?: unknown }).pos;
  return typeof pos === 'number' && pos >= offset ? `${message} at ${locate(source, pos - offset)}` : message;
}

/** "line L, column C of its source" (both from 1: positions in the function's own text, not its file). */
function locate(source: string, offset: number): string {
  const clamped = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${clamped - lineStart + 1} of its source`;
}

function only(source: string, reason: RefusalReason, detail: string): FunctionAnalysis {
  return { source, free: new Map(), globalProperties: new Map(), problems: [{ reason, detail }] };
}

function unreadable(source: string, detail: string): FunctionAnalysis {
  return only(source, 'unreadable', detail);
}
