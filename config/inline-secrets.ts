import { isSecretKey } from '../ops/secret-keys.ts';

/** Credential shapes: a value that looks like one of these never belongs in a config file. */
const CREDENTIAL_SHAPES: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a HubSpot private app token', pattern: /\bpat-[a-z]{2,3}\d?-[A-Za-z0-9-]{16,}/ },
  { name: 'a Salesforce consumer key', pattern: /\b3MVG[A-Za-z0-9._]{20,}/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/(services|workflows|triggers)\// },
  { name: 'a password inside a URL', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/** Runs of token characters at least this long are judged by their randomness. */
const LONG_TOKEN = 32;

/**
 * Lists secrets written into a config file instead of named by environment variable: fields named like
 * credentials (`accessToken`, `password`, ...) and values shaped like one (tokens, keys, long random
 * strings). Each problem names its path in the file and never repeats the value.
 */
export function inlineSecretProblems(raw: unknown): string[] {
  const problems: string[] = [];
  visit(raw, [], problems);
  return problems;
}

/** Throws one error listing every inline secret in the file; loadConfig calls it before validating. */
export function rejectInlineSecrets(file: string, raw: unknown): void {
  const problems = inlineSecretProblems(raw);
  if (problems.length === 0) return;
  throw new Error(`Config file ${file} holds ${problems.length} secret(s) inline; secrets belong in the environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

function visit(value: unknown, path: readonly string[], problems: string[]): void {
  if (typeof value === 'string') {
    const shape = credentialShape(value);
    if (shape !== undefined) problems.push(`config value at ${path.join('.')} looks like ${shape}: put it in an environment variable and name that variable in the config instead`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => visit(item, [...path, String(index)], problems));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, key];
    if (isSecretKey(key) && item !== null && item !== undefined && item !== '') {
      problems.push(`config key ${at.join('.')} holds a secret: put it in an environment variable and name that variable in ${key}Env`);
      continue;
    }
    // A value in a *Env field is checked by the schema, which says it must be a variable's name.
    if (!key.endsWith('Env')) visit(item, at, problems);
  }
}

/** What credential the text looks like, or undefined. */
export function credentialShape(text: string): string | undefined {
  const shape = CREDENTIAL_SHAPES.find((s) => s.pattern.test(text));
  if (shape !== undefined) return shape.name;
  const tokens = text.split(/[^A-Za-z0-9+=_-]+/).filter((t) => t.length >= LONG_TOKEN);
  if (tokens.some((t) => /^[0-9a-f]+$/i.test(t))) return 'a hexadecimal key';
  if (tokens.some(looksRandom)) return 'a random key or token';
  return undefined;
}

/** Mixed case and digits with a character spread English words and paths do not reach. */
function looksRandom(token: string): boolean {
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/[0-9]/.test(token)) return false;
  return shannonBits(token) >= 4;
}

function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
