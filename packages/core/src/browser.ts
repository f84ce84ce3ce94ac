// The public face of @tempest/core in browsers and Web Workers (the "browser" export condition):
// everything but file I/O (see portable.ts). The Node entry (index.ts) adds what reads and writes files.
export * from './portable.js';
