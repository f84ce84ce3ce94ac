/** Options for shipping a function by value with `encodeFunction`. */
export interface ShipOptions {
  /**
   * The values the function uses by name, as its scope in the receiver: `{ mu, sigma, sumSq }`.
   * Functions among them (or nested in them) ship too, and see the same scope. Values are copied
   * when encoding, so later changes on the sending side are not seen. Names the functions do not
   * use are not sent.
   */
  readonly captures?: Readonly<Record<string, unknown>>;
  /**
   * Names the receiver defines as globals on purpose (e.g. installed by a worker start-up script),
   * used without capturing or checking. An escape hatch: a name listed here that the receiver
   * lacks fails only when the function runs.
   */
  readonly allowGlobals?: readonly string[];
}
