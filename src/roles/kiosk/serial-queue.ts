/**
 * A one-at-a-time executor with priorities. The reader and the SIP2 link each take one command at a time;
 * the item pipeline queues work on both so they overlap with each other. Lower priority number runs first
 * (security writes before tag reads before inventory rounds), FIFO within a priority.
 */
interface Job {
  prio: number;
  seq: number;
  run: () => Promise<void>;
}

export class SerialQueue {
  private readonly jobs: Job[] = [];
  private running = false;
  private seq = 0;

  get busy(): boolean {
    return this.running || this.jobs.length > 0;
  }

  /** Jobs waiting with a priority number at most `prio` (more urgent or equal). */
  waiting(prio = Number.POSITIVE_INFINITY): number {
    return this.jobs.filter((j) => j.prio <= prio).length;
  }

  run<T>(prio: number, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { prio, seq: this.seq++, run: () => fn().then(resolve, reject) };
      const at = this.jobs.findIndex((j) => j.prio > prio);
      if (at < 0) this.jobs.push(job);
      else this.jobs.splice(at, 0, job);
      this.pump();
    });
  }

  private pump(): void {
    if (this.running) return;
    const job = this.jobs.shift();
    if (!job) return;
    this.running = true;
    void job.run().finally(() => {
      this.running = false;
      this.pump();
    });
  }
}
