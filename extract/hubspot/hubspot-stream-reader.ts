import type { StreamCursor, StreamDescription, StreamPage } from '../extract-types.ts';
import { epochMs, modifiedAt, propertyColumns, toExtracted, type HubspotObject } from './hubspot-columns.ts';
import { decodeCursor, encodeCursor, type HubspotCursor } from './hubspot-cursor.ts';
import type { HubspotGateway } from './hubspot-gateway.ts';

export interface HubspotReadOptions {
  /** Search page size (HubSpot's maximum is 200). */
  pageSize: number;
  /** List page size (HubSpot's maximum is 100). */
  listPageSize: number;
  /** Results one search query may page through (HubSpot answers 400 past 10,000). */
  windowCap: number;
  /** Records modified less than this long before the run are left to the next run (the search index lags). */
  settleMs: number;
  /** After a first load, increments restart this long before the load began, so edits made meanwhile are caught. */
  listLookbackMs: number;
}

/** A (timestamp, ids landed at exactly that timestamp) high-water mark. */
class Mark {
  ts: number | null;
  ids: Set<string>;

  constructor(ts: number | null, ids: readonly string[]) {
    this.ts = ts;
    this.ids = new Set(ids);
  }

  /** True when the record at `ts` was landed already. */
  covers(ts: number, id: string): boolean {
    return this.ts !== null && (ts < this.ts || (ts === this.ts && this.ids.has(id)));
  }

  advance(ts: number, id: string): void {
    if (this.ts === null || ts > this.ts) {
      this.ts = ts;
      this.ids = new Set([id]);
    } else if (ts === this.ts) {
      this.ids.add(id);
    }
  }
}

/**
 * Reads one HubSpot object: a first load through the list endpoint (no 10k cap), then increments
 * through search in hs_lastmodifieddate order, then the archived records not landed yet as deletes.
 * Every page carries the cursor that resumes right after it.
 */
export class HubspotStreamReader {
  private readonly gateway: HubspotGateway;
  private readonly stream: StreamDescription;
  private readonly options: HubspotReadOptions;
  private readonly properties: string[];
  private cursor: HubspotCursor;

  constructor(gateway: HubspotGateway, stream: StreamDescription, cursor: StreamCursor | null, options: HubspotReadOptions) {
    this.gateway = gateway;
    this.stream = stream;
    this.options = options;
    this.properties = propertyColumns(stream.columns).map((c) => c.sourceField ?? c.name);
    this.cursor = decodeCursor(cursor);
  }

  async *pages(signal: AbortSignal): AsyncGenerator<StreamPage> {
    const runStartedAt = Date.now();
    if (!this.cursor.searching) yield* this.firstLoad(signal);
    yield* this.increments(signal, runStartedAt);
    yield* this.archived(signal);
  }

  private get objectType(): string {
    return this.stream.stream;
  }

  private get isDeals(): boolean {
    return this.objectType === 'deals';
  }

  private async *firstLoad(signal: AbortSignal): AsyncGenerator<StreamPage> {
    const startedAt = this.cursor.listStartedAt ?? Date.now();
    const mark = new Mark(this.cursor.ts, this.cursor.idsAtTs);
    let after = this.cursor.listAfter ?? undefined;
    do {
      signal.throwIfAborted();
      const page = await this.gateway.list(this.objectType, {
        limit: this.options.listPageSize, after, properties: this.properties, archived: false,
        ...(this.isDeals ? { associations: ['companies'] } : {}),
      });
      for (const object of page.results) this.advance(mark, object);
      after = page.next;
      this.cursor = { ...this.cursor, listStartedAt: startedAt, listAfter: after ?? null, ts: mark.ts, idsAtTs: [...mark.ids] };
      if (!after) this.finishFirstLoad(startedAt);
      yield this.page(page.results, false);
    } while (after);
  }

  /**
   * Edits made while the list was paging may sit behind its position; restarting increments a little
   * before the load began catches them (records edited in that span may land twice, harmlessly:
   * staging keeps the latest version per id).
   */
  private finishFirstLoad(startedAt: number): void {
    const boundary = startedAt - this.options.listLookbackMs;
    const late = this.cursor.ts === null || this.cursor.ts > boundary;
    this.cursor = {
      ...this.cursor, listAfter: null, listStartedAt: null, searching: true,
      ...(late ? { ts: boundary, idsAtTs: [] } : {}),
    };
  }

  /**
   * Search windows: offset paging inside a window, each page overlapping the previous by one record
   * to notice when edits moved records out from under the offsets (then the window restarts from the
   * cursor). Near the 10k cap a new window starts at the last timestamp landed, skipping the ids
   * already landed at it.
   */
  private async *increments(signal: AbortSignal, runStartedAt: number): AsyncGenerator<StreamPage> {
    const mark = new Mark(this.cursor.ts, this.cursor.idsAtTs);
    const beforeMs = this.options.settleMs > 0 ? runStartedAt - this.options.settleMs : null;
    const { pageSize, windowCap } = this.options;
    let offset = 0;
    let lastSeen: string | undefined;
    let landedInWindow = 0;
    let sinceMs = mark.ts;
    for (;;) {
      signal.throwIfAborted();
      if (offset === 0) sinceMs = mark.ts;
      const page = await this.gateway.search(this.objectType, {
        limit: pageSize, properties: this.properties, sinceMs, beforeMs, ...(offset > 0 ? { after: String(offset) } : {}),
      });
      if (offset > 0 && page.results[0]?.id !== lastSeen) {
        offset = 0;
        lastSeen = undefined;
        continue;
      }
      const fresh = (offset > 0 ? page.results.slice(1) : page.results).filter((o) => !this.landed(mark, o));
      for (const object of fresh) this.advance(mark, object);
      landedInWindow += fresh.length;
      if (fresh.length > 0) {
        this.cursor = { ...this.cursor, ts: mark.ts, idsAtTs: [...mark.ids] };
        if (this.isDeals) await this.attachCompanies(fresh);
        yield this.page(fresh, false);
      }
      const last = page.results.at(-1);
      if (!page.next || !last) return;
      lastSeen = last.id;
      offset += page.results.length - 1;
      if (offset + pageSize > windowCap) {
        if (landedInWindow === 0) throw this.windowFull(mark);
        offset = 0;
        lastSeen = undefined;
        landedInWindow = 0;
      }
    }
  }

  /** Archived records in id order; those archived since the last pass land as deleted. */
  private async *archived(signal: AbortSignal): AsyncGenerator<StreamPage> {
    const resuming = this.cursor.archivedAfter !== null;
    const since = new Mark(this.cursor.archivedSince, this.cursor.archivedIdsAtSince);
    const high = resuming ? new Mark(this.cursor.archivedMax, this.cursor.archivedIdsAtMax) : new Mark(since.ts, [...since.ids]);
    let after = this.cursor.archivedAfter ?? undefined;
    do {
      signal.throwIfAborted();
      const page = await this.gateway.list(this.objectType, {
        limit: this.options.listPageSize, after, properties: this.properties, archived: true,
        ...(this.isDeals ? { associations: ['companies'] } : {}),
      });
      const fresh = page.results.filter((o) => !since.covers(epochMs(o.archivedAt) ?? 0, o.id));
      for (const object of fresh) high.advance(epochMs(object.archivedAt) ?? 0, object.id);
      after = page.next;
      this.cursor = after
        ? { ...this.cursor, archivedAfter: after, archivedMax: high.ts ?? 0, archivedIdsAtMax: [...high.ids] }
        : { ...this.cursor, archivedAfter: null, archivedMax: 0, archivedIdsAtMax: [], archivedSince: high.ts ?? 0, archivedIdsAtSince: [...high.ids] };
      if (fresh.length > 0 || !after) yield this.page(fresh, true);
    } while (after);
  }

  private landed(mark: Mark, object: HubspotObject): boolean {
    const ts = modifiedAt(object);
    return ts !== null && mark.covers(ts, object.id);
  }

  private advance(mark: Mark, object: HubspotObject): void {
    const ts = modifiedAt(object);
    if (ts !== null) mark.advance(ts, object.id);
  }

  /** Search answers carry no associations: fetch the deals' companies and attach them list-style. */
  private async attachCompanies(deals: HubspotObject[]): Promise<void> {
    const links = await this.gateway.companyIds(deals.map((d) => d.id));
    for (const deal of deals) {
      const ids = links.get(deal.id) ?? [];
      deal.associations = { ...deal.associations, companies: { results: ids.map((id) => ({ id, type: 'deal_to_company' })) } };
    }
  }

  private page(objects: readonly HubspotObject[], deleted: boolean): StreamPage {
    return { records: objects.map((o) => toExtracted(o, this.stream.columns, deleted)), cursor: encodeCursor(this.cursor) };
  }

  private windowFull(mark: Mark): Error {
    const at = mark.ts === null ? 'one timestamp' : new Date(mark.ts).toISOString();
    return new Error(
      `HubSpot ${this.objectType}: more than ${this.options.windowCap} records share hs_lastmodifieddate ${at}, and search cannot page past ` +
      `${this.options.windowCap} results. Re-run with --full-refresh for hubspot/${this.objectType} (the first load uses the list endpoint, which has no cap).`,
    );
  }
}
