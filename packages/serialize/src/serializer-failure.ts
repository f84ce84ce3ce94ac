/**
 * Explains an error thrown by V8's serializer for something the pre-check could not see.
 * @param error - what the serializer threw
 * @returns a sentence naming the cause and the remedy
 */
export function serializerFailure(error: unknown): string {
  if (error instanceof RangeError) {
    return "the value is nested too deeply for V8's serializer, which recurses once per level. Flatten it, e.g. an array of nodes that refer to each other by index instead of a long linked list.";
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${message} This happens with proxies and with errors whose cause cannot be cloned; send plain data instead.`;
}
