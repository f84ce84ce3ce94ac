// Importing this module registers tsx's loader hooks (ESM and CommonJS, as `node --import tsx`
// does) in the importing thread: the CLI process, each worker thread (ThreadPool `preload`; in
// Node 20 importing tsx's own loader entry registers nothing in a worker thread) and each worker
// process (`--import`). A .ts file outside a "type": "module" package is CommonJS to Node, which
// is why the CommonJS hook is needed too.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerEsm();
registerCommonJs();

/** Marks the hooks as registered (importing the module is what registers them). */
export const tsxRegistered = true;
