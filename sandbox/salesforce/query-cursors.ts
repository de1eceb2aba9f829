import { randomBytes } from 'node:crypto';

/** A server-side query cursor: the serialized records of one query run, paged by queryMore. */
export interface QueryCursor {
  /** `01g…` (18 characters): the locator is `<id>-<offset>`. */
  id: string;
  records: string[];
  /** Whether the cursor belongs to a queryAll (jsforce continues both through `/query/<locator>`). */
  scanAll: boolean;
  batchSize: number;
  lastUsedAt: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Open cursors, as Salesforce keeps them: a cursor closes after its last page is read, after 15 minutes
 * idle, or when the user opens more than `maxOpen` (the oldest is dropped first).
 */
export class CursorStore {
  private readonly cursors = new Map<string, QueryCursor>();
  private readonly maxOpen: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(input: { maxOpen?: number; idleMs?: number; now?: () => number } = {}) {
    this.maxOpen = input.maxOpen ?? 10;
    this.idleMs = input.idleMs ?? 15 * 60_000;
    this.now = input.now ?? Date.now;
  }

  open(records: string[], scanAll: boolean, batchSize: number): QueryCursor {
    this.expireIdle();
    while (this.cursors.size >= this.maxOpen) {
      const oldest = [...this.cursors.values()].sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0]!;
      this.cursors.delete(oldest.id);
    }
    const cursor: QueryCursor = { id: cursorId(), records, scanAll, batchSize, lastUsedAt: this.now() };
    this.cursors.set(cursor.id, cursor);
    return cursor;
  }

  get(id: string): QueryCursor | undefined {
    this.expireIdle();
    const cursor = this.cursors.get(id);
    if (cursor) cursor.lastUsedAt = this.now();
    return cursor;
  }

  close(id: string): void {
    this.cursors.delete(id);
  }

  private expireIdle(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, cursor] of this.cursors) if (cursor.lastUsedAt < cutoff) this.cursors.delete(id);
  }
}

function cursorId(): string {
  const bytes = randomBytes(12);
  let id = '01g';
  for (const byte of bytes) id += BASE62[byte % 62];
  return id + 'AAA';
}

/** Splits `01gxx…-2000` into the cursor id and offset; undefined when it is not a locator. */
export function parseLocator(locator: string): { id: string; offset: number } | undefined {
  const match = /^(01g[A-Za-z0-9]{12,15})-(\d+)$/.exec(locator);
  if (!match) return undefined;
  return { id: match[1]!, offset: Number(match[2]) };
}
