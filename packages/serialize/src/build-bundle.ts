import { analyzeFunction } from './analyze-function.js';
import { FUNCTION_SLOT, functionHash, type FunctionBundle, type ShippedFunctionRecord } from './function-bundle.js';
import { RECEIVER_HELPERS } from './receiver-helpers.js';
import type { Refusal } from './refusal.js';
import type { ShipOptions } from './ship-options.js';
import { TempestError } from './tempest-error.js';
import { transpilerHelper } from './transpiler-helper.js';
import { walkCloneable } from './walk-cloneable.js';
import { MODULE_SCOPED_NAMES, WORKER_GLOBALS } from '#worker-globals';

type AnyFunction = (...args: never[]) => unknown;

/**
 * Collects everything needed to re-create `fn` in another thread or process: its source, the
 * functions it captures (recursively, each analysed the same way, cycles allowed) and the captured
 * values they use. Checks all of it first and refuses with every problem at once.
 *
 * @param fn - the function to ship
 * @param options - captures and allowed globals
 * @returns the bundle to serialize
 * @throws {TempestError} UNSHIPPABLE_FUNCTION listing every refusal, each naming its cause and remedy
 */
export function buildBundle(fn: AnyFunction, options: ShipOptions): FunctionBundle {
  const captures = options.captures ?? {};
  const allowed = new Set(options.allowGlobals ?? []);
  const refusals: Refusal[] = [];
  const functions: ShippedFunctionRecord[] = [];
  const ids = new Map<AnyFunction, number>();
  const queue: { fn: AnyFunction; id: number; subject: string }[] = [];
  const scope: Record<string, unknown> = {};
  const usedCaptures = new Set<string>();

  const addFunction = (f: AnyFunction, subject: string): number => {
    let id = ids.get(f);
    if (id === undefined) {
      id = ids.size;
      ids.set(f, id);
      queue.push({ fn: f, id, subject });
    }
    return id;
  };

  const useCapture = (name: string): void => {
    if (usedCaptures.has(name)) return;
    usedCaptures.add(name);
    const walk = walkCloneable(captures[name], `captures.${name}`, (f, path) => ({ [FUNCTION_SLOT]: addFunction(f, path) }));
    for (const issue of walk.issues) refusals.push({ reason: 'uncloneable', subject: issue.path, message: issue.message });
    Object.defineProperty(scope, name, { value: walk.value, enumerable: true, writable: true, configurable: true });
  };

  const displayName = typeof fn.name === 'string' ? fn.name.replace(/^bound $/, '') : '';
  const rootSubject = displayName ? `function \`${displayName}\`` : 'the function';
  addFunction(fn, rootSubject);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { fn: f, id, subject } = next;
    const analysis = analyzeFunction(f);
    for (const problem of analysis.problems) refusals.push({ reason: problem.reason, subject, message: `${subject} ${problem.detail}` });
    const names: string[] = [];
    const helpers: string[] = [];
    for (const [name, where] of analysis.free) {
      if (Object.prototype.hasOwnProperty.call(captures, name)) {
        names.push(name);
        useCapture(name);
      } else if (RECEIVER_HELPERS.has(name)) {
        helpers.push(name);
      } else if (!allowed.has(name) && !WORKER_GLOBALS.has(name)) {
        refusals.push(freeVariableRefusal(subject, name, where));
      }
    }
    for (const [name, { via, where }] of analysis.globalProperties) {
      if (!allowed.has(name) && !WORKER_GLOBALS.has(name)) refusals.push(globalPropertyRefusal(subject, name, via, where));
    }
    const hash = functionHash(analysis.source, names, helpers);
    functions[id] = { source: analysis.source, names, helpers, hash, name: typeof f.name === 'string' ? f.name : '' };
  }

  if (refusals.length > 0) {
    const list = refusals.map((r) => `  - ${r.message}`).join('\n');
    throw new TempestError(
      'UNSHIPPABLE_FUNCTION',
      `Cannot ship ${rootSubject} by value (${refusals.length} problem${refusals.length === 1 ? '' : 's'}); nothing was sent:\n${list}`,
      { refusals, problems: refusals.map((r) => r.message), value: fn },
    );
  }
  return { functions, scope };
}

function freeVariableRefusal(subject: string, name: string, where: string): Refusal {
  const uses = `${subject} uses \`${name}\` (${where})`;
  if (name === 'arguments') {
    return {
      reason: 'arguments',
      subject,
      name,
      message: `${uses} in an arrow function, where it means the arguments of the function the arrow was written in, which do not travel. Use rest parameters instead: (...args) => …`,
    };
  }
  const helper = transpilerHelper(name);
  if (helper?.certain) {
    return { reason: 'transpiler-helper', subject, name, message: `${uses}, which ${helper.tool} injected into its source; the receiver does not have it. ${helper.remedy}.` };
  }
  const moduleScoped = MODULE_SCOPED_NAMES.get(name);
  const problem = `${uses}, which is neither captured nor a global of a fresh worker.`;
  let remedy: string;
  if (moduleScoped !== undefined) {
    remedy = `\`${name}\` belongs to each CommonJS module, not to the global scope: ${moduleScoped}.`;
  } else {
    remedy = `Capture it: encodeFunction(fn, { captures: { ${name} } }) (captured values are copied when encoding).`;
    if (name in globalThis) remedy += ` It is a global in this process, but something here defined it and a fresh worker lacks it; if the receiver defines it too, list it in allowGlobals: ['${name}'].`;
    else remedy += ` If the receiver defines it as a global on purpose, list it in allowGlobals: ['${name}'].`;
  }
  if (helper !== undefined) remedy += ` Its name also looks like ${helper.tool}; if you did not write it: ${helper.remedy[0].toLowerCase()}${helper.remedy.slice(1)}.`;
  return { reason: 'free-variable', subject, name, message: `${problem} ${remedy}`, ...(moduleScoped === undefined ? { capturable: problem } : {}) };
}

// `globalThis.scale` passes the free-variable check (`globalThis` is a worker global), but a value
// this process put there does not exist in a fresh worker: there it reads undefined, and NaN
// follows from arithmetic, silently. Refused like a free variable, with the same remedies.
function globalPropertyRefusal(subject: string, name: string, via: string, where: string): Refusal {
  const here = name in globalThis ? ` This process has it (something here set ${via}.${name}), but only this process.` : '';
  const local = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u.test(name) ? name : 'value';
  return {
    reason: 'global-property',
    subject,
    name,
    message: `${subject} reads \`${via}.${name}\` (${where}), which a fresh worker's global object does not have: there it is undefined, and arithmetic with it gives NaN.${here} Use a variable and capture its value instead: write \`${local}\` for \`${via}.${name}\` and pass captures: { ${local}: ${via}.${name} } (logLikelihoodCaptures for a Sampler's likelihood). If a start-up script defines it in every worker (a ThreadPool preload), list it in allowGlobals: ['${name}'].`,
  };
}
