import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun, runCommand, type CommandResult } from '../run-command.js';

/** A throwaway npm project outside the repository, where the packed tarballs get installed. */
export interface TempProject {
  /** Absolute directory (under the system's temporary folder). */
  readonly dir: string;
  /** The output of `npm install`. */
  readonly install: CommandResult;
  /**
   * Runs a command in the project.
   * @param command - the executable (`node`, `npx`, `mpirun`, …)
   * @param args - its arguments
   * @param env - extra environment variables
   * @param timeoutMs - hard limit (default 120 s)
   */
  run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<CommandResult>;
  /** The `resolved` source of every installed package, from the project's lockfile. */
  lockedSources(): Map<string, string>;
  /** Deletes the project. */
  remove(): void;
}

/** How {@link createTempProject} installs. */
export interface InstallOptions {
  /** Files copied into the project before the install (name in the project → absolute source). */
  files?: Record<string, string>;
  /** `--ignore-scripts`: dependencies' install scripts do not run (what `@tempest/mpi` users may meet). */
  ignoreScripts?: boolean;
}

/** npm quietly, without audit or funding chatter. */
export const QUIET_NPM_ENV = {
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_progress: 'false',
};

/**
 * Creates an empty ES-module project under `os.tmpdir()` and installs the tarballs into it as a
 * user would (`npm install <tarballs>`). npm uses `registry`, for the install and every later
 * command in the project (`npx`), with an empty cache of the project's own, so that nothing comes
 * from what npm cached from other registries (see lockfile-registry.ts).
 * @param prefix - the temporary folder's name prefix
 * @param tarballs - absolute paths of the `.tgz` files
 * @param registry - the registry's URL
 * @param options - files to copy in, and whether install scripts run
 * @returns the installed project
 * @throws {Error} with npm's output when the install fails
 */
export async function createTempProject(prefix: string, tarballs: readonly string[], registry: string, options: InstallOptions = {}): Promise<TempProject> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cache = mkdtempSync(join(tmpdir(), 'tempest-npm-cache-'));
  const removeAll = () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'tempest-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  for (const [name, source] of Object.entries(options.files ?? {})) cpSync(source, join(dir, name));
  const env = { ...process.env, ...QUIET_NPM_ENV, npm_config_registry: registry, npm_config_cache: cache };
  const args = ['install', '--no-audit', '--no-fund', ...(options.ignoreScripts ? ['--ignore-scripts'] : []), ...tarballs];
  let install: CommandResult;
  try {
    install = await mustRun('npm', args, { cwd: dir, env, timeoutMs: 180_000 });
  } catch (error) {
    removeAll();
    throw error;
  }
  return {
    dir,
    install,
    run: (command, commandArgs, extraEnv = {}, timeoutMs = 120_000) => runCommand(command, commandArgs, { cwd: dir, env: { ...env, ...extraEnv }, timeoutMs }),
    lockedSources() {
      const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
      const out = new Map<string, string>();
      for (const [path, entry] of Object.entries(lock.packages)) {
        if (path !== '') out.set(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), entry.resolved ?? '(none)');
      }
      return out;
    },
    remove: removeAll,
  };
}
