/**
 * The globals of a fresh Node 20 worker thread or child process: what a shipped function may use
 * without capturing it. A fixed list, not this process's `globalThis`, because anything this
 * process added to its global object (a test runner's `describe`, a polyfill, `globalThis.data =`)
 * does not exist in a fresh worker. `test/worker-globals.test.ts` checks it against a real worker.
 */
export const WORKER_GLOBALS: ReadonlySet<string> = new Set([
  // ECMAScript
  'AggregateError', 'Array', 'ArrayBuffer', 'Atomics', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean',
  'DataView', 'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function',
  'Infinity', 'Int16Array', 'Int32Array', 'Int8Array', 'Intl', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object',
  'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'SharedArrayBuffer', 'String',
  'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray',
  'WeakMap', 'WeakRef', 'WeakSet', 'WebAssembly', 'decodeURI', 'decodeURIComponent', 'encodeURI',
  'encodeURIComponent', 'escape', 'eval', 'globalThis', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'undefined',
  'unescape',
  // Node.js and web platform globals present in Node 20
  'AbortController', 'AbortSignal', 'Blob', 'BroadcastChannel', 'Buffer', 'ByteLengthQueuingStrategy',
  'CompressionStream', 'CountQueuingStrategy', 'Crypto', 'CryptoKey', 'CustomEvent', 'DOMException',
  'DecompressionStream', 'Event', 'EventTarget', 'File', 'FormData', 'Headers', 'MessageChannel', 'MessageEvent',
  'MessagePort', 'Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserver',
  'PerformanceObserverEntryList', 'PerformanceResourceTiming', 'ReadableByteStreamController', 'ReadableStream',
  'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest', 'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader', 'Request', 'Response', 'SubtleCrypto', 'TextDecoder', 'TextDecoderStream',
  'TextEncoder', 'TextEncoderStream', 'TransformStream', 'TransformStreamDefaultController', 'URL',
  'URLSearchParams', 'WritableStream', 'WritableStreamDefaultController', 'WritableStreamDefaultWriter', 'atob',
  'btoa', 'clearImmediate', 'clearInterval', 'clearTimeout', 'console', 'crypto', 'fetch', 'global', 'performance',
  'process', 'queueMicrotask', 'setImmediate', 'setInterval', 'setTimeout', 'structuredClone',
]);

/**
 * Names that look global in CommonJS code but belong to each module: a shipped function cannot
 * use them, and each has its own remedy.
 */
export const MODULE_SCOPED_NAMES: ReadonlyMap<string, string> = new Map([
  ['require', 'load modules inside the function with `await import(\'node:fs\')` (an async function may do that), or export the function and send a functionReference'],
  ['module', 'export the function from its module and send a functionReference instead'],
  ['exports', 'export the function from its module and send a functionReference instead'],
  ['__filename', 'capture the path as a string: captures: { __filename }'],
  ['__dirname', 'capture the path as a string: captures: { __dirname }'],
]);
