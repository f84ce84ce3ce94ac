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
