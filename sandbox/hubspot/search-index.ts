/**
 * HubSpot's search reads an index that lags behind writes. Each write marks the record as
 * "indexed at" now + lag; until then search does not see it (list and read endpoints do).
 */
export class SearchIndex {
  private readonly lagMs: number;
  private readonly pending = new Map<string, Map<string, number>>();

  constructor(lagMs: number) {
    this.lagMs = lagMs;
  }

  touched(object: string, ids: Iterable<string>, now = Date.now()): void {
    if (this.lagMs <= 0) return;
    let byId = this.pending.get(object);
    if (!byId) this.pending.set(object, (byId = new Map()));
    for (const id of ids) byId.set(id, now + this.lagMs);
  }

  /** Ids written too recently to be searchable; forgets those that have become visible. */
  hiddenIds(object: string, now = Date.now()): string[] {
    const byId = this.pending.get(object);
    if (!byId) return [];
    const hidden: string[] = [];
    for (const [id, visibleAt] of byId) {
      if (visibleAt > now) hidden.push(id);
      else byId.delete(id);
    }
    return hidden;
  }
}
