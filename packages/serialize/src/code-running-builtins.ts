// Functions of the platform that compile or run code, or start processes, given only data: a
// function reference must never resolve to one of them, even when an allowed module re-exports
// it. Known by identity, so a wrapper written in a user's module is not recognised (the README says
// so); the list is what the README promises.

type AnyFunction = (...args: never[]) => unknown;

/** Built-in modules none of whose functions a reference may resolve to. */
const MODULES = ['node:vm', 'node:child_process', 'node:module', 'node:worker_threads', 'node:inspector', 'node:repl', 'node:cluster'] as const;

let known: Promise<Map<AnyFunction, string>> | undefined;

/**
 * Names the code-running built-in a function is, if it is one: `eval`, the `Function`
 * constructors (plain, async, generator), `WebAssembly`'s compilers, `process.dlopen` and
 * `process.binding`, every function of `node:vm`, `node:child_process`, `node:module` (and of its
 * `Module` class), `node:worker_threads`, `node:inspector`, `node:repl`, `node:cluster`, and any
 * CommonJS `require` function.
 *
 * @param fn - a function a reference resolved to
 * @returns a description such as "node:child_process's execSync", or undefined when it is none of them
 */
export async function codeRunningBuiltin(fn: AnyFunction): Promise<string | undefined> {
  known ??= collect();
  const found = (await known).get(fn);
  if (found !== undefined) return found;
  const f = fn as unknown as Record<string, unknown>;
  if (typeof f.resolve === 'function' && typeof f.cache === 'object' && f.cache !== null && 'main' in f) return 'a CommonJS require function';
  return undefined;
}

async function collect(): Promise<Map<AnyFunction, string>> {
  const map = new Map<AnyFunction, string>();
  const add = (value: unknown, what: string) => {
    if (typeof value === 'function' && !map.has(value as AnyFunction)) map.set(value as AnyFunction, what);
  };
  const addAll = (holder: unknown, owner: string) => {
    if ((typeof holder !== 'object' && typeof holder !== 'function') || holder === null) return;
    for (const key of Object.getOwnPropertyNames(holder)) {
      const descriptor = Object.getOwnPropertyDescriptor(holder, key);
      if (descriptor !== undefined && 'value' in descriptor) add(descriptor.value, `${owner}'s ${key}`);
    }
  };
  add(globalThis.eval, 'eval');
  add(Function, 'the Function constructor');
  add(Object.getPrototypeOf(async () => {}).constructor, 'the AsyncFunction constructor');
  add(Object.getPrototypeOf(function* () {}).constructor, 'the GeneratorFunction constructor');
  add(Object.getPrototypeOf(async function* () {}).constructor, 'the AsyncGeneratorFunction constructor');
  addAll((globalThis as unknown as Record<string, unknown>).WebAssembly, 'WebAssembly');
  const proc = process as unknown as Record<string, unknown>;
  for (const key of ['dlopen', 'binding', '_linkedBinding', 'execve']) add(proc[key], `process.${key}`);
  for (const name of MODULES) {
    const namespace = (await import(name)) as Record<string, unknown>;
    addAll(namespace, name);
    addAll(namespace.default, name);
    if (typeof namespace.default === 'function') addAll((namespace.default as { prototype?: unknown }).prototype, `${name}'s Module.prototype`);
  }
  return map;
}
