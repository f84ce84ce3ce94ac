/**
 * The globals of a fresh dedicated Web Worker: what a function shipped from a page may use without
 * capturing it (the browser build's list; `worker-globals.ts` is Node's). The ECMAScript globals
 * and the web platform's that workers have in every current browser.
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
  // The web platform in a dedicated worker
  'AbortController', 'AbortSignal', 'Blob', 'BroadcastChannel', 'ByteLengthQueuingStrategy', 'CompressionStream',
  'CountQueuingStrategy', 'Crypto', 'CryptoKey', 'CustomEvent', 'DOMException', 'DecompressionStream', 'Event',
  'EventTarget', 'File', 'FileReader', 'FormData', 'Headers', 'ImageData', 'MessageChannel', 'MessageEvent', 'MessagePort',
  'OffscreenCanvas', 'Performance', 'ReadableStream', 'Request', 'Response', 'SubtleCrypto', 'TextDecoder',
  'TextDecoderStream', 'TextEncoder', 'TextEncoderStream', 'TransformStream', 'URL', 'URLSearchParams',
  'WritableStream', 'atob', 'btoa', 'caches', 'clearInterval', 'clearTimeout', 'console', 'createImageBitmap',
  'crypto', 'fetch', 'indexedDB', 'isSecureContext', 'location', 'navigator', 'origin', 'performance',
  'queueMicrotask', 'self', 'setInterval', 'setTimeout', 'structuredClone',
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
