import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const FLUSH_BYTES = 1 << 16;

/**
 * A file written through a buffer: `write` appends synchronously; `flush` hands the buffer to the
 * stream and waits for 'drain' when the stream's buffer is full, so memory stays bounded however
 * much is written.
 */
export class BufferedFile {
  readonly file: string;
  private readonly stream: WriteStream;
  private chunks: string[] = [];
  private size = 0;
  private failure: Error | null = null;

  constructor(file: string) {
    this.file = file;
    this.stream = createWriteStream(file, { encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
  }

  /** Whether enough is buffered to be worth flushing now. */
  get full(): boolean {
    return this.size >= FLUSH_BYTES;
  }

  async flush(): Promise<void> {
    this.check();
    if (this.size === 0) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(data)) await this.drained();
    this.check();
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(this.wrap(error)) : resolve()));
    });
    this.check();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        this.stream.off('drain', onDrain);
        reject(this.wrap(error));
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  private check(): void {
    if (this.failure) throw this.wrap(this.failure);
  }

  private wrap(error: Error): Error {
    return new Error(`Could not write ${this.file}: ${error.message}`, { cause: error });
  }
}

/** One NDJSON file of the dataset: one JSON record per line, counted. */
export class NdjsonFile {
  count = 0;
  private readonly out: BufferedFile;

  constructor(file: string) {
    this.out = new BufferedFile(file);
  }

  write(record: object): void {
    this.out.write(JSON.stringify(record) + '\n');
    this.count++;
  }

  get full(): boolean {
    return this.out.full;
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}

/** All NDJSON files of a dataset folder, keyed by their path inside it (`salesforce/Account.ndjson`). */
export class DatasetWriter {
  private readonly files = new Map<string, NdjsonFile>();

  static async open(dir: string, relativePaths: readonly string[]): Promise<DatasetWriter> {
    const writer = new DatasetWriter();
    for (const relative of relativePaths) {
      const target = path.join(dir, relative);
      await mkdir(path.dirname(target), { recursive: true });
      writer.files.set(relative, new NdjsonFile(target));
    }
    return writer;
  }

  write(relativePath: string, record: object): void {
    const file = this.files.get(relativePath);
    if (!file) throw new Error(`DatasetWriter: ${relativePath} is not a file of this dataset`);
    file.write(record);
  }

  /** Flushes the files whose buffers are full (or all of them), respecting back-pressure. */
  async flush(all = false): Promise<void> {
    for (const file of this.files.values()) if (all || file.full) await file.flush();
  }

  async close(): Promise<void> {
    for (const file of this.files.values()) await file.close();
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.files].map(([name, file]) => [name, file.count]));
  }
}
