import type { WorkerConfig } from './protocol.js';

/** The first message a web worker gets: its task clock, when the page may share memory. */
export interface WebWorkerInit {
  /** The message's kind. */
  readonly type: 'init';
  /** The task clock's memory (only in cross-origin-isolated pages, which have SharedArrayBuffer). */
  readonly clock?: SharedArrayBuffer;
}

/** Prefix of the worker's name, which carries what it accepts (see {@link webWorkerConfig}). */
export const WEB_WORKER_NAME = 'tempest-worker ';

/**
 * What a web worker accepts, read from its name (set by the pool when it started the worker, never
 * from a message); everything refused when the name is not the pool's.
 * @param name - the worker's `self.name`
 * @returns its configuration
 */
export function webWorkerConfig(name: string): WorkerConfig {
  if (!name.startsWith(WEB_WORKER_NAME)) return { allowCode: false, allowModules: [] };
  try {
    const parsed = JSON.parse(name.slice(WEB_WORKER_NAME.length)) as Partial<WorkerConfig>;
    return {
      allowCode: parsed.allowCode === true,
      allowModules: Array.isArray(parsed.allowModules) ? parsed.allowModules.filter((m): m is string => typeof m === 'string') : [],
    };
  } catch {
    return { allowCode: false, allowModules: [] };
  }
}
