import { DuckDBTypeId, type DuckDBDataChunk, type DuckDBType, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api';

/**
 * Turns SuiteQL result rows into NetSuite's item JSON: lower-case keys, every value a string,
 * checkboxes `T`/`F`, NULL columns left out, `"links":[]` first. Dates use the date preference
 * (M/D/YYYY); datetimes, already wall-clock time in the account's zone, add `h:mm am`.
 * Items are built as JSON text straight from DuckDB's vectors, one page at a time.
 */
export class ItemEncoder {
  private readonly chunks: readonly DuckDBDataChunk[];
  private readonly chunkStarts: number[] = [];
  private readonly vectors = new Map<number, DuckDBVector[]>();
  private readonly keys: string[];
  private readonly columnIndexes: number[];
  private readonly formatters: Formatter[];
  readonly rowCount: number;

  constructor(chunks: readonly DuckDBDataChunk[], types: readonly DuckDBType[], columns: readonly string[], timeZone: string) {
    this.chunks = chunks;
    let start = 0;
    for (const chunk of chunks) {
      this.chunkStarts.push(start);
      start += chunk.rowCount;
    }
    this.rowCount = start;
    // NetSuite keys are lower case; a name selected twice keeps its first column.
    const seen = new Set<string>();
    this.keys = [];
    this.columnIndexes = [];
    columns.forEach((name, index) => {
      const key = name.toLowerCase();
      if (seen.has(key) || key === 'links') return;
      seen.add(key);
      this.keys.push(`,${JSON.stringify(key)}:`);
      this.columnIndexes.push(index);
    });
    this.formatters = this.columnIndexes.map((i) => formatterFor(types[i]!, timeZone));
  }

  /** Rows [from, to) as the JSON text of an items array. */
  itemsJson(from: number, to: number): string {
    // One array of fragments joined once: no intermediate strings per item.
    const parts: string[] = ['['];
    let chunkIndex = this.chunkAt(from);
    for (let row = from; row < to && row < this.rowCount; row += 1) {
      while (row >= this.chunkStarts[chunkIndex]! + this.chunks[chunkIndex]!.rowCount) chunkIndex += 1;
      parts.push(row === from ? '{"links":[]' : ',{"links":[]');
      this.item(chunkIndex, row - this.chunkStarts[chunkIndex]!, parts);
      parts.push('}');
    }
    parts.push(']');
    return parts.join('');
  }

  private item(chunkIndex: number, row: number, parts: string[]): void {
    const vectors = this.vectorsOf(chunkIndex);
    for (let c = 0; c < this.keys.length; c += 1) {
      const value = vectors[c]!.getItem(row);
      if (value === null) continue;
      const json = this.formatters[c]!(value);
      if (json !== null) parts.push(this.keys[c]!, json);
    }
  }

  private vectorsOf(chunkIndex: number): DuckDBVector[] {
    let vectors = this.vectors.get(chunkIndex);
    if (!vectors) {
      const chunk = this.chunks[chunkIndex]!;
      vectors = this.columnIndexes.map((i) => chunk.getColumnVector(i));
      // Vectors keep what they decoded; pages move forward, so only the latest two chunks stay.
      if (this.vectors.size >= 2) this.vectors.delete(this.vectors.keys().next().value!);
      this.vectors.set(chunkIndex, vectors);
    }
    return vectors;
  }

  private chunkAt(row: number): number {
    let lo = 0;
    let hi = this.chunkStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunkStarts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }
}

/** A value → its JSON string literal (quoted), or null to leave the column out. */
type Formatter = (value: NonNullable<DuckDBValue>) => string | null;

function formatterFor(type: DuckDBType, timeZone: string): Formatter {
  // Numbers, dates and T/F need no escaping; only free text goes through JSON.stringify.
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return (v) => (v ? '"T"' : '"F"');
    case DuckDBTypeId.VARCHAR:
      return (v) => (v === '' ? null : JSON.stringify(v));
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return (v) => (Number.isFinite(v as number) ? `"${numberText(String(v))}"` : null);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
      return (v) => `"${String(v)}"`;
    case DuckDBTypeId.DECIMAL:
      // value / 10^scale is correctly rounded, and the shortest round-trip text of that double is
      // the decimal itself (SuiteQL shows 1200.50 as 1200.5).
      return (v) => `"${String((v as { toDouble(): number }).toDouble())}"`;
    case DuckDBTypeId.DATE:
      return (v) => `"${dateText((v as { days: number }).days)}"`;
    case DuckDBTypeId.TIMESTAMP:
      return (v) => `"${dateTimeText(Number((v as { micros: bigint }).micros))}"`;
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (v) => `"${zonedText(Number((v as { micros: bigint }).micros), timeZone)}"`;
    default:
      return (v) => JSON.stringify(String(v));
  }
}

/** `1200.50` → `1200.5`, `100.00` → `100`. */
export function numberText(text: string): string {
  if (!text.includes('.') || /e/i.test(text)) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** Days since 1970-01-01 → [year, month, day] (proleptic Gregorian). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function dateText(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${m}/${d}/${y}`;
}

/** Wall-clock microseconds → `M/D/YYYY h:mm am`. */
export function dateTimeText(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const days = Math.floor(seconds / 86_400);
  const ofDay = seconds - days * 86_400;
  const hour = Math.floor(ofDay / 3600);
  const minute = Math.floor((ofDay % 3600) / 60);
  return `${dateText(days)} ${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A UTC instant shown as wall-clock time in the account's zone. */
function zonedText(micros: number, timeZone: string): string {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
    zoneFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(micros / 1000)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return dateTimeText(wall * 1000);
}
