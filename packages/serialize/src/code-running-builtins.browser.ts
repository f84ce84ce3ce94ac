// The browser's functions that compile or run code given only data: a function reference must
// never resolve to one of them (see code-running-builtins.ts for Node's list).

type AnyFunction = (...args: never[]) => unknown;

let known: Map<AnyFunction, string> | undefined;

/**
 * Names the code-running built-in a function is, if it is one: `eval`, the `Function`
 * constructors (plain, async, generator), `WebAssembly`'s compilers, `setTimeout` and
 * `setInterval` (which compile a string), `importScripts`, and the `Worker` constructors.
 * @param fn - a function a reference resolved to
 * @returns a description such as "eval", or undefined when it is none of them
 */
export async function codeRunningBuiltin(fn: AnyFunction): Promise<string | undefined> {
  known ??= collect();
  return known.get(fn);
}

function collect(): Map<AnyFunction, string> {
  const map = new Map<AnyFunction, string>();
  const add = (value: unknown, what: string) => {
    if (typeof value === 'function' && !map.has(value as AnyFunction)) map.set(value as AnyFunction, what);
  };
  const g = globalThis as unknown as Record<string, unknown>;
  add(g.eval, 'eval');
  add(Function, 'the Function constructor');
  add(Object.getPrototypeOf(async () => {}).constructor, 'the AsyncFunction constructor');
  add(Object.getPrototypeOf(function* () {}).constructor, 'the GeneratorFunction constructor');
  add(Object.getPrototypeOf(async function* () {}).constructor, 'the AsyncGeneratorFunction constructor');
  const wasm = g.WebAssembly as Record<string, unknown> | undefined;
  if (wasm !== undefined) for (const key of Object.getOwnPropertyNames(wasm)) add(wasm[key], `WebAssembly's ${key}`);
  for (const key of ['setTimeout', 'setInterval', 'importScripts', 'Worker', 'SharedWorker']) add(g[key], key);
  return map;
}
