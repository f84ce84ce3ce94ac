import { ECMASCRIPT_GLOBALS } from './ecmascript-globals.js';

/**
 * The globals of a fresh dedicated Web Worker: what a function shipped from a page may use without
 * capturing it (the browser build's list; `worker-globals.ts` is Node's). The ECMAScript globals
 * and the web platform's that workers have in every current browser.
 */
export const WORKER_GLOBALS: ReadonlySet<string> = new Set([
  ...ECMASCRIPT_GLOBALS,
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

export { MODULE_SCOPED_NAMES } from './module-scoped-names.js';
