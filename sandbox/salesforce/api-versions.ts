import type { ApiRequest } from '../http/api-types.ts';

const FIRST = 20;
const LATEST = 64;
const SEASONS = ['Winter', 'Spring', 'Summer'];

/** `GET /services/data`: every API version the org serves (the sandbox answers any `vNN.N`). */
export function versionsBody(_req: ApiRequest): { label: string; url: string; version: string }[] {
  const versions = [];
  for (let major = FIRST; major <= LATEST; major += 1) {
    const i = major - FIRST;
    const year = String(11 + Math.floor(i / 3)).padStart(2, '0');
    versions.push({ label: `${SEASONS[i % 3]} '${year}`, url: `/services/data/v${major}.0`, version: `${major}.0` });
  }
  return versions;
}

/** `GET /services/data/vXX.X`: the resources of a version. */
export function resourcesBody(version: string): Record<string, string> {
  const base = `/services/data/v${version}`;
  const names = ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'jobs'];
  return Object.fromEntries(names.map((n) => [n, `${base}/${n}`]));
}
