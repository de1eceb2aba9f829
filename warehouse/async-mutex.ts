/** A first-come, first-served lock for async work within this process. */
export class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  /** Resolves once the caller holds the lock; call `unlock` when done. */
  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    if (!release) throw new Error('AsyncMutex.unlock was called without holding the lock.');
    this.#release = undefined;
    release();
  }

  /** Runs `work` holding the lock. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.lock();
    try {
      return await work();
    } finally {
      this.unlock();
    }
  }
}
