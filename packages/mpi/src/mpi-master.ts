import { TaskScheduler, decodeFrame, encodeFrame, type MapOptions, type PoolStats, type ResolvedSchedulerOptions, type ShippedFunction, type WorkerReply } from '@tempest/pool';
import type { MpiBinding, MpiMessage } from './binding.js';
import type { ExitPolicy } from './exit-policy.js';
import { TAG_OVERDUE, TAG_PROTOCOL } from './mpi-tags.js';
import { TempestError } from './tempest-error.js';

/** What the master of an MPIPool needs. */
export interface MpiMasterSettings {
  readonly binding: MpiBinding;
  /** The pool's communicator handle (its private duplicate). */
  readonly comm: number;
  /** Number of worker ranks (ranks 1 … workers). */
  readonly workers: number;
  readonly anySource: number;
  readonly anyTag: number;
  readonly options: ResolvedSchedulerOptions;
  readonly policy: ExitPolicy;
}

const STOP = encodeFrame({ type: 'stop' });

/**
 * How the master polls for replies: it spins (yielding) 50 µs for replies about to arrive, then
 * sleeps at most 200 µs between polls, so that a reply is handled, and the worker given its next
 * chunk, at most that late. One thread of one process; the worker ranks poll far less often.
 */
const MASTER_SPIN_US = 50;
const MASTER_MAX_SLEEP_US = 200;

/**
 * The MPI transport of the master side: carries `@tempest/pool`'s {@link TaskScheduler} messages
 * to worker ranks as frames, keeps one receive pending while a chunk is out, and hands each reply
 * (and each report of a rank's task watchdog) back to the scheduler. A rank whose task timed out
 * cannot be stopped: it gets no more chunks, rejoins if it answers after all, and if it is still
 * busy when the pool closes, the process ends the job with MPI_Abort at exit.
 */
export class MpiMaster {
  private readonly scheduler: TaskScheduler;
  /** Ranks lost to a timeout (they may answer after all). */
  private readonly lost = new Set<number>();
  private receiving = false;
  private broken: TempestError | undefined;

  /**
   * @param settings - binding, communicator, worker count, constants, scheduler options, exit policy
   */
  constructor(private readonly settings: MpiMasterSettings) {
    const { binding, comm, options } = settings;
    this.scheduler = new TaskScheduler({
      kind: 'MPI rank',
      chunking: options.chunking,
      taskTimeout: options.taskTimeout,
      afterTimeout: 'An MPI rank cannot be stopped on its own: it gets no more tasks, and if it is still busy when the pool is closed, the job ends with MPI_Abort when this process exits (save what you need first).',
      transport: {
        // Non-blocking: a blocking send to a rank that is asleep between polls waited for it (up
        // to a millisecond per rank on an oversubscribed machine), one rank after another. The
        // receive is posted after each burst of sends (see map() and receive()).
        send: (rank, message) => binding.sendNow(comm, rank, TAG_PROTOCOL, encodeFrame(message)),
        abandon: (rank) => {
          this.lost.add(rank);
          return false;
        },
      },
    });
    for (let rank = 1; rank <= settings.workers; rank++) this.scheduler.addWorker(rank, true);
  }

  /** @returns what the scheduler has done so far */
  stats(): PoolStats {
    return this.scheduler.stats();
  }

  /**
   * Runs a map on the worker ranks.
   * @param shipped - the function
   * @param tasks - the tasks (not empty)
   * @param options - cost hints and an array for measured durations (checked)
   * @returns the results in task order
   */
  map(shipped: ShippedFunction, tasks: readonly unknown[], options: MapOptions = {}): Promise<unknown[]> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const results = this.scheduler.map(shipped, tasks, options);
    this.receive();
    return results;
  }

  /**
   * Rejects running maps with POOL_CLOSED, waits for the chunks already on workers (except those of
   * ranks lost to a timeout: a worker's send of a large result must be received, or the job would
   * hang in MPI_Finalize), then tells every worker rank to stop, lost ones too (a small send
   * completes at once, and one that finishes its task after all then ends cleanly).
   * @returns when the workers have been told
   */
  async close(): Promise<void> {
    this.scheduler.failAll(new TempestError('POOL_CLOSED', 'The MPIPool was closed while this map was running; its results are lost.'));
    await this.scheduler.whenIdle();
    const { binding, comm, workers, policy } = this.settings;
    for (let rank = 1; rank <= workers; rank++) binding.sendNow(comm, rank, TAG_PROTOCOL, STOP);
    if (this.lost.size > 0) {
      const ranks = [...this.lost].sort((a, b) => a - b);
      policy.poolAbandoned(`worker rank${ranks.length > 1 ? 's' : ''} ${ranks.join(', ')} of an MPIPool ${ranks.length > 1 ? 'were' : 'was'} still running a task past taskTimeout`);
    } else {
      policy.poolClosed();
    }
  }

  /** Keeps one receive pending while a chunk is out. */
  private receive(): void {
    if (this.receiving || !this.scheduler.busy) return;
    this.receiving = true;
    const { binding, comm, anySource, anyTag } = this.settings;
    binding.receive(comm, anySource, anyTag, MASTER_SPIN_US, MASTER_MAX_SLEEP_US).then(
      (first) => {
        this.receiving = false;
        try {
          // Then whatever else has arrived meanwhile, without another trip through libuv's thread pool.
          for (let message = first; message !== null; message = binding.receiveNow(comm, anySource, anyTag)) {
            const m = message;
            this.scheduler.receive(m.source, () => this.reply(m));
          }
        } catch (error) {
          this.fail(error);
          return;
        }
        if (first !== null) this.receive();
      },
      (error: unknown) => {
        this.receiving = false;
        this.fail(error);
      },
    );
  }

  /** Receiving failed: every map in flight, and every later one, rejects with MPI_ERROR. */
  private fail(error: unknown): void {
    this.broken = new TempestError('MPI_ERROR', `Receiving results failed: ${(error as Error)?.message ?? String(error)}.`, { cause: error });
    this.scheduler.failAll(this.broken);
  }

  private reply(message: MpiMessage): WorkerReply {
    if (message.tag === TAG_OVERDUE) {
      const v = new DataView(message.data.buffer, message.data.byteOffset, 16);
      return { type: 'overdue', chunk: v.getInt32(0, true), index: v.getInt32(4, true), weight: v.getInt32(8, true), elapsedMs: v.getInt32(12, true) };
    }
    const reply = decodeFrame<WorkerReply>(message.data);
    // A lost rank that answers after all (its task was slow, not stuck) rejoins (see TaskScheduler).
    if (reply.type === 'done' || reply.type === 'failed') this.lost.delete(message.source);
    return reply;
  }
}
