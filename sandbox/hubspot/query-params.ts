import { validationError } from './hubspot-errors.ts';

/** A list parameter sent as repeated keys (`?p=a&p=b`, what the SDK does) or comma-separated (`?p=a,b`). */
export function listParam(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function booleanParam(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return false;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw validationError(`Invalid value for query parameter ${name}: "${value}" (expected true or false)`);
}

/** A positive integer parameter with a default, capped at `max` (HubSpot caps list limits silently). */
export function limitParam(url: URL, name: string, fallback: number, max: number): number {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw validationError(`Invalid value for query parameter ${name}: "${value}" (expected a positive integer)`);
  return Math.min(limit, max);
}
