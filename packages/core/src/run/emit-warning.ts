/**
 * Reports a legal but risky setting: as a Node process warning (`TempestWarning`, shown once on
 * stderr and catchable with `process.on('warning')`), or on the console elsewhere.
 * @param message - what is risky and what to do
 */
export function emitWarning(message: string): void {
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') process.emitWarning(message, 'TempestWarning');
  else console.warn(message);
}
