/**
 * Where `run({ progress })` sends its status lines: a user's function, stderr (one rewritten
 * line on a terminal, one line per iteration otherwise), the console where there is no stderr (a
 * browser, a Web Worker), or nowhere.
 * @param progress - the option: true, a function, or false/undefined
 * @returns a sink taking each line (and `done` once at the end), or undefined for no output
 */
export function progressSink(progress: boolean | ((line: string) => void) | undefined): ((line: string, done: boolean) => void) | undefined {
  if (typeof progress === 'function') return (line, done) => { if (!done) progress(line); };
  if (progress !== true) return undefined;
  // In a browser or a Web Worker there is no process.stderr: one console line per iteration.
  const stream = typeof process === 'undefined' ? undefined : process.stderr;
  if (stream === undefined) return (line, done) => { if (!done) console.info(line); };
  if (!stream.isTTY) return (line, done) => { if (!done) stream.write(`${line}\n`); };
  let wrote = false;
  return (line, done) => {
    if (done) {
      if (wrote) stream.write('\n');
      return;
    }
    wrote = true;
    stream.write(`\r\x1b[2K${line}`);
  };
}
