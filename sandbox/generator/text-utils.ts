/** Small string helpers shared by the noise generators. */

/** Removes diacritics: "Müller" → "Muller", "Société" → "Societe". */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/æ/g, 'ae');
}

/** Lower-case letters and digits only: the part of a name that goes into a domain. */
export function slug(text: string): string {
  return stripAccents(text).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** "kessler logistics" → "Kessler Logistics". */
export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s\-&/])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Left-pads a number with zeros. */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
