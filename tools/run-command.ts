import { spawn } from 'node:child_process';

/** How a command ended, with everything it printed. */
export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
  /** True when the hard timeout killed it. */
  readonly timedOut: boolean;
}

/** Where and how a command runs. */
export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Hard limit; the command's whole process group is killed after it. Default 120 s. */
  timeoutMs?: number;
}

/**
 * Runs a command without a shell, in its own process group, and collects its output; the tests'
 * one way to start a process that must never outlive them (MPI jobs, package installs). Async, so
 * several can run at once while the test's timers keep working.
 * @param command - the executable
 * @param args - its arguments
 * @param options - working directory, environment, hard timeout
 * @returns exit code, signal, output and wall time (never rejects for a non-zero exit)
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group has already exited
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stderr += `\n[killed after ${options.timeoutMs ?? 120_000} ms]`;
      killGroup();
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Workers or MPI daemons a consumer forgot must not outlive it.
      killGroup();
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, timedOut });
    });
  });
}

/**
 * Runs a command and throws, with the end of its output, unless it exits with 0.
 * @param command - the executable
 * @param args - its arguments
 * @param options - as {@link runCommand}
 * @returns the result of the successful run
 * @throws {Error} naming the command, its exit status and the last lines it printed
 */
export async function mustRun(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new Error(`${describeFailure(command, args, result)}`);
  return result;
}

/**
 * One readable paragraph about a failed command, for assertion messages.
 * @param command - the executable
 * @param args - its arguments
 * @param result - how it ended
 * @returns the command line, exit status and the last 40 lines of stdout and stderr
 */
export function describeFailure(command: string, args: readonly string[], result: CommandResult): string {
  const tail = (text: string) => text.trim().split('\n').slice(-40).join('\n');
  return `\`${[command, ...args].join(' ')}\` exited with ${result.code ?? result.signal}\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}`;
}
