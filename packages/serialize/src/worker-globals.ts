import { ECMASCRIPT_GLOBALS } from './ecmascript-globals.js';

/**
 * The globals of a fresh Node 20 worker thread or child process: what a shipped function may use
 * without capturing it. A fixed list, not this process's `globalThis`, because anything this
 * process added to its global object (a test runner's `describe`, a polyfill, `globalThis.data =`)
 * does not exist in a fresh worker. `test/worker-globals.test.ts` checks it against a real worker.
 */
export const WORKER_GLOBALS: ReadonlySet<string> = new Set([
  ...ECMASCRIPT_GLOBALS,
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

export { MODULE_SCOPED_NAMES } from './module-scoped-names.js';
