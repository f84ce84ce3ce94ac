// The public face of @tempest/core in Node: everything of portable.ts, and what reads and writes
// files (state files, their summaries, atomic writes, numbered checkpoints).
export * from './portable.js';
export { readRunState } from './state/run-state-file.js';
export { readStateInfo } from './state/state-info.js';
export { writeFileAtomic, type FileBytes } from './state/atomic-write.js';
export { numberedStates, type NumberedState } from './state/prune-states.js';
