/**
 * Where `run({ progress })` sends its status lines: a user's function, stderr (one rewritten
 * line on a terminal, one line per iteration otherwise), or nowhere.
 * @param progress - the option: true, a function, or false/undefined
 * @returns a sink taking each line (and `done` once at the end), or undefined for no output
 */
export function progressSink(progress: boolean | ((line: string) => void) | undefined): ((line: string, done: boolean) => void) | undefined {
  if (typeof progress === 'function') return (line, done) => { if (!done) progress(line); };
  if (progress !== true) return undefined;
  const stream = process.stderr;
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
