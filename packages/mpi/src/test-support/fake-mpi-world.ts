// Test support (not part of the package's API). An in-process MPI world for unit tests of MPIPool: one binding per rank, all in this thread, with
// MPI's message semantics (per-pair FIFO order, matching by source and tag, ANY_SOURCE/ANY_TAG),
// communicator duplicates by call order (as collective calls happen in the same order on every
// rank), the task watchdog done with @tempest/pool's TaskWatch, and a log of the exit-policy calls
// (finalize, abort, setCleanExit, cancelReceives). MPI_ANY_SOURCE is -2 here, as in MPICH, so that
// code hard-coding OpenMPI's -1 fails.
import { TaskClock, TaskWatch } from '@tempest/pool';
import type { MpiBinding, MpiMessage } from '../binding.js';

const ANY_SOURCE = -2;
const ANY_TAG = -1;

interface Envelope {
  readonly source: number;
  readonly tag: number;
  readonly data: Uint8Array;
}

interface Waiter {
  readonly source: number;
  readonly tag: number;
  readonly resolve: (message: MpiMessage | null) => void;
  readonly reject: (error: Error) => void;
}

/** One call of the exit policy's interface, as a rank made it. */
export interface PolicyCall {
  readonly rank: number;
  readonly call: 'finalize' | 'abort' | 'setCleanExit' | 'cancelReceives';
  readonly value?: unknown;
}

/** A world of `size` ranks in this thread. */
export class FakeWorld {
  readonly calls: PolicyCall[] = [];
  /** Messages sent, per (communicator, source, destination), for tests that count them. */
  readonly sent: { comm: number; source: number; dest: number; tag: number; bytes: number }[] = [];
  private readonly mailboxes = new Map<string, Envelope[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly bindings: FakeRank[] = [];
  private readonly failures = new Map<number, Error>();

  /** How many times a rank's `receiveWait` ran out of time (with `receiveWait: true`). */
  waitsTimedOut = 0;

  /**
   * @param size - the number of ranks
   * @param options - `receiveWait`: give the ranks the binding's optional wait on the calling thread;
   *   here it never blocks (the other ranks run on this thread), it returns a message that has
   *   arrived or runs out of time at once
   */
  constructor(
    readonly size: number,
    options: { receiveWait?: boolean } = {},
  ) {
    for (let r = 0; r < size; r++) this.bindings.push(new FakeRank(this, r, options.receiveWait === true));
  }

  /**
   * @param rank - a rank of the world
   * @returns its binding, to pass as `new MPIPool({ binding })`
   */
  rank(rank: number): MpiBinding {
    return this.bindings[rank];
  }

  /**
   * Makes every receive of a rank (pending or future) fail with an error, as a broken network would.
   * @param rank - the rank
   * @param error - what its receives reject with
   */
  breakReceives(rank: number, error: Error): void {
    this.failures.set(rank, error);
    for (const [key, list] of this.waiters) {
      if (!key.endsWith(`/${rank}`)) continue;
      this.waiters.delete(key);
      for (const w of list) w.reject(error);
    }
  }

  /** @internal */
  deliver(comm: number, source: number, dest: number, tag: number, data: Uint8Array): void {
    if (dest < 0 || dest >= this.size) throw new Error(`MPI_Send: invalid rank ${dest}`);
    // A fresh, aligned copy, as the addon receives into memory of its own.
    const copy = new Uint8Array(data.byteLength);
    copy.set(data);
    this.sent.push({ comm, source, dest, tag, bytes: data.byteLength });
    const key = `${comm}/${dest}`;
    const waiting = this.waiters.get(key) ?? [];
    const i = waiting.findIndex((w) => matches(w, source, tag));
    if (i >= 0) {
      const [w] = waiting.splice(i, 1);
      setImmediate(() => w.resolve({ source, tag, data: copy }));
      return;
    }
    const box = this.mailboxes.get(key) ?? [];
    box.push({ source, tag, data: copy });
    this.mailboxes.set(key, box);
  }

  /** @internal */
  take(comm: number, dest: number, source: number, tag: number): Promise<MpiMessage | null> {
    const failure = this.failures.get(dest);
    if (failure !== undefined) return Promise.reject(failure);
    const key = `${comm}/${dest}`;
    const box = this.mailboxes.get(key) ?? [];
    const i = box.findIndex((m) => matches({ source, tag }, m.source, m.tag));
    if (i >= 0) {
      const [m] = box.splice(i, 1);
      return new Promise((resolve) => setImmediate(() => resolve(m)));
    }
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(key) ?? [];
      list.push({ source, tag, resolve, reject });
      this.waiters.set(key, list);
    });
  }

  /** @internal */
  takeNow(comm: number, dest: number, source: number, tag: number): MpiMessage | null {
    const failure = this.failures.get(dest);
    if (failure !== undefined) throw failure;
    const box = this.mailboxes.get(`${comm}/${dest}`) ?? [];
    const i = box.findIndex((m) => matches({ source, tag }, m.source, m.tag));
    return i >= 0 ? box.splice(i, 1)[0] : null;
  }

  /** @internal */
  cancel(dest: number): void {
    for (const [key, list] of this.waiters) {
      if (!key.endsWith(`/${dest}`)) continue;
      this.waiters.delete(key);
      for (const w of list) w.resolve(null);
    }
  }

  /** @internal */
  pending(dest: number): number {
    let n = 0;
    for (const [key, list] of this.waiters) if (key.endsWith(`/${dest}`)) n += list.length;
    return n;
  }
}

function matches(want: { source: number; tag: number }, source: number, tag: number): boolean {
  return (want.source === ANY_SOURCE || want.source === source) && (want.tag === ANY_TAG || want.tag === tag);
}

class FakeRank implements MpiBinding {
  private dups = 0;
  private cancelled = false;
  private readonly watches = new Map<number, TaskWatch>();
  private nextWatch = 1;

  readonly receiveWait?: MpiBinding['receiveWait'];

  constructor(
    private readonly world: FakeWorld,
    private readonly me: number,
    withWait: boolean,
  ) {
    if (withWait) {
      this.receiveWait = (comm, source, tag) => {
        if (this.cancelled) return null;
        const message = this.world.takeNow(comm, this.me, source, tag);
        if (message !== null) return message;
        this.world.waitsTimedOut++;
        return undefined;
      };
    }
  }

  init() {
    return { threadMultiple: true, library: 'fake', version: 'fake MPI', anySource: ANY_SOURCE, anyTag: ANY_TAG };
  }
  commRank(): number {
    return this.me;
  }
  commSize(): number {
    return this.world.size;
  }
  commSplit(): number | null {
    throw new Error('commSplit is not simulated');
  }
  commDup(): number {
    return ++this.dups;
  }
  send(comm: number, dest: number, tag: number, data: Uint8Array): void {
    this.world.deliver(comm, this.me, dest, tag, data);
  }
  sendNow(comm: number, dest: number, tag: number, data: Uint8Array): void {
    this.send(comm, dest, tag, data);
  }
  receive(comm: number, source: number, tag: number): Promise<MpiMessage | null> {
    if (this.cancelled) return Promise.resolve(null);
    return this.world.take(comm, this.me, source, tag);
  }
  receiveNow(comm: number, source: number, tag: number): MpiMessage | null {
    return this.cancelled ? null : this.world.takeNow(comm, this.me, source, tag);
  }
  cancelReceives(): void {
    this.cancelled = true;
    this.world.calls.push({ rank: this.me, call: 'cancelReceives' });
    this.world.cancel(this.me);
  }
  pendingReceives(): number {
    return this.world.pending(this.me);
  }
  finalize(): void {
    this.world.calls.push({ rank: this.me, call: 'finalize' });
  }
  abort(code: number): void {
    this.world.calls.push({ rank: this.me, call: 'abort', value: code });
  }
  setCleanExit(clean: boolean): void {
    this.world.calls.push({ rank: this.me, call: 'setCleanExit', value: clean });
  }
  watchTasks(comm: number, dest: number, tag: number, clock: Int32Array, limitMs: number): number {
    const id = this.nextWatch++;
    const watch = new TaskWatch(limitMs, (_key, task) => {
      const report = new Int32Array([task.chunk, task.index, task.weight, Math.round(task.elapsedMs)]);
      this.send(comm, dest, tag, new Uint8Array(report.buffer));
    });
    watch.watch(0, new TaskClock(clock.buffer as SharedArrayBuffer));
    this.watches.set(id, watch);
    return id;
  }
  unwatchTasks(id: number): void {
    this.watches.get(id)?.stop();
    this.watches.delete(id);
  }
}
