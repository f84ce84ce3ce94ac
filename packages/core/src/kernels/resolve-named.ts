/**
 * The value an extension-point option selects: a built-in one by name, or the user's own object
 * when it has the interface's shape (`sample: 'rwm'` or `sample: myKernel`).
 * @param option - the option as given
 * @param builtIns - the built-in values by name
 * @param hasShape - whether an object implements the interface
 * @returns the value, or undefined when the option is neither a built-in name nor a valid object
 */
export function resolveNamed<T>(option: unknown, builtIns: Readonly<Record<string, T>>, hasShape: (value: unknown) => value is T): T | undefined {
  if (typeof option === 'string') return Object.hasOwn(builtIns, option) ? builtIns[option] : undefined;
  return hasShape(option) ? option : undefined;
}
