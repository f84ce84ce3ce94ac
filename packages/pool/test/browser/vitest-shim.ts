// Just enough of vitest's API, in a page, to run `@tempest/pool/conformance` in a browser: the page's
// bundle maps `vitest` here (vite.config.ts). `describe`/`it`/`beforeAll`/`afterAll` register; `expect`
// is vitest's own (`@vitest/expect` on chai, which run in browsers); `runRegistered` runs every test
// in order, each within its timeout, and reports pass or fail with the message.
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend } from '@vitest/expect';
import * as chai from 'chai';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** vitest's `expect` (the Jest-style matchers on chai). */
export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as typeof import('vitest').expect;

type Body = () => unknown;
interface Suite {
  readonly name: string;
  readonly before: [Body, number][];
  readonly after: [Body, number][];
  readonly tests: { name: string; body: Body; timeout: number }[];
}

/** One test's outcome. */
export interface TestOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

const DEFAULT_TIMEOUT = 20_000;
const suites: Suite[] = [];
let current: Suite | undefined;

/** Registers a suite (not nested). */
export function describe(name: string, body: () => void): void {
  const suite: Suite = { name, before: [], after: [], tests: [] };
  suites.push(suite);
  current = suite;
  try {
    body();
  } finally {
    current = undefined;
  }
}

function suite(): Suite {
  if (current === undefined) throw new Error('tests and hooks belong inside describe()');
  return current;
}

/** Registers a test. */
export function it(name: string, body: Body, timeout = DEFAULT_TIMEOUT): void {
  suite().tests.push({ name, body, timeout });
}

/** Registers a hook run before the suite's tests. */
export function beforeAll(body: Body, timeout = DEFAULT_TIMEOUT): void {
  suite().before.push([body, timeout]);
}

/** Registers a hook run after the suite's tests. */
export function afterAll(body: Body, timeout = DEFAULT_TIMEOUT): void {
  suite().after.push([body, timeout]);
}

async function within(body: Body, timeout: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(body),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeout} ms`)), timeout))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Runs every registered suite in order: its `beforeAll` hooks, its tests, its `afterAll` hooks.
 * @returns each test's outcome (a failing hook fails the suite's tests)
 */
export async function runRegistered(): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = [];
  for (const s of suites) {
    let setUp: string | undefined;
    for (const [body, timeout] of s.before) {
      try {
        await within(body, timeout);
      } catch (error) {
        setUp = `beforeAll failed: ${describeError(error)}`;
        break;
      }
    }
    for (const t of s.tests) {
      const started = performance.now();
      if (setUp !== undefined) {
        outcomes.push({ name: `${s.name} > ${t.name}`, ok: false, error: setUp, ms: 0 });
        continue;
      }
      try {
        await within(t.body, t.timeout);
        outcomes.push({ name: `${s.name} > ${t.name}`, ok: true, ms: performance.now() - started });
      } catch (error) {
        outcomes.push({ name: `${s.name} > ${t.name}`, ok: false, error: describeError(error), ms: performance.now() - started });
      }
    }
    for (const [body, timeout] of s.after) await within(body, timeout).catch(() => undefined);
  }
  return outcomes;
}
