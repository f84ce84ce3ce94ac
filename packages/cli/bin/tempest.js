#!/usr/bin/env node
// The `tempest` executable that npm links. It is committed (not built) because npm links a bin only
// if its file exists at install time: in a fresh clone dist/ does not exist yet.
//
// - Installed package (a tarball, npm): src/ is not shipped, so this runs the build, dist/bin.js.
// - This repository: runs the TypeScript sources, the same way as the tests (the "@tempest/source"
//   export condition sends every @tempest/* import to src/, and tsx compiles it). No build needed,
//   and a dist/ left over from an earlier build can never run stale code.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/bin.ts', import.meta.url);

if (existsSync(source)) {
  // Hooks registered later run first: tsx resolves `.js` specifiers to `.ts` files and compiles
  // them; the hook below it adds the condition before Node's own resolution.
  register('data:text/javascript,export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, "@tempest/source"] }); }');
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(source.href);
} else {
  await import('../dist/bin.js');
}
