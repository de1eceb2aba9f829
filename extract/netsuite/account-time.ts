/**
 * NetSuite renders datetimes as wall-clock time in the account's time zone. These helpers convert
 * between that wall-clock text (`YYYY-MM-DDTHH:MM:SS`) and UTC, DST-correct, with the Intl APIs.
 */
const LOCAL_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})$/;
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a readable error when the configured zone is not an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`NetSuite time zone '${timeZone}' is not a valid IANA time zone: set sources.netsuite.timeZone to the account's zone (Setup > Company > Company Information), e.g. America/Los_Angeles.`);
  }
}

/** Wall-clock fields of an instant in the zone, as milliseconds of a UTC date with the same fields. */
function wallClockMillis(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** True for `YYYY-MM-DDTHH:MM:SS` (or with a space) naming a real calendar time. */
export function isLocalTimestamp(text: string): boolean {
  const m = LOCAL_TIMESTAMP.exec(text);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/**
 * Account wall-clock text → UTC ISO (`…Z`). A time in the autumn's repeated hour is ambiguous in
 * wall-clock text; it resolves to the earlier instant. A time skipped by spring-forward resolves as
 * if the clock had not moved yet. Returns undefined for text that is not a valid timestamp.
 */
export function localToUtc(local: string, timeZone: string): string | undefined {
  if (!isLocalTimestamp(local)) return undefined;
  const [, y, mo, d, h, mi, s] = LOCAL_TIMESTAMP.exec(local)!.map(Number) as [number, number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Offsets one day apart bracket any transition; try the earlier candidate first.
  const candidates = [wall - offsetAt(wall - 86_400_000, timeZone), wall - offsetAt(wall + 86_400_000, timeZone), wall - offsetAt(wall, timeZone)]
    .sort((a, b) => a - b);
  const exact = candidates.find((utc) => wallClockMillis(utc, timeZone) === wall);
  return new Date(exact ?? candidates[candidates.length - 1]!).toISOString().replace('.000Z', 'Z');
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const rounded = Math.floor(instant / 1000) * 1000;
  return wallClockMillis(rounded, timeZone) - rounded;
}

/** UTC ISO → account wall-clock text `YYYY-MM-DD HH:MM:SS` (what TO_TIMESTAMP in a SuiteQL literal expects). */
export function utcToLocal(utc: string, timeZone: string): string {
  if (!UTC_TIMESTAMP.test(utc)) throw new Error(`Invalid UTC timestamp '${utc}' in a NetSuite cursor: expected YYYY-MM-DDTHH:MM:SSZ. Run this stream with --full-refresh.`);
  const wall = wallClockMillis(Date.parse(utc), timeZone);
  return new Date(wall).toISOString().slice(0, 19).replace('T', ' ');
}

/** Moves a UTC ISO timestamp back by some seconds. */
export function utcMinusSeconds(utc: string, seconds: number): string {
  return new Date(Date.parse(utc) - seconds * 1000).toISOString().replace('.000Z', 'Z');
}
