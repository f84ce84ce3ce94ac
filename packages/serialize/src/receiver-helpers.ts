/**
 * Tool-injected helpers whose meaning is fixed and harmless, which the receiver defines itself
 * instead of refusing the function. Only esbuild's `__name` qualifies: tsx and esbuild's keepNames
 * put it into any function that contains named inner functions, and all it does is set a
 * function's `name`. Helpers that lower syntax (`__awaiter`, `__publicField`) are refused instead:
 * their definitions vary between tools and versions.
 */
export const RECEIVER_HELPERS: ReadonlyMap<string, string> = new Map([
  ['__name', "(target, value) => Object.defineProperty(target, 'name', { value, configurable: true })"],
]);
