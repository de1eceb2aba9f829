import type { BusinessWord, CountryProfile } from './country-profiles.ts';
import type { LocalePool } from './locale-pools.ts';
import { IndexPermutation } from './index-permutation.ts';
import { SeededRandom, hashInts } from './seeded-random.ts';

/** The distinctive part of a company's name (no legal form) and what it tells about the company. */
export interface CompanyCore {
  core: string;
  /** Index of the leading token: companies sharing it are "siblings" (similar names, often the same city). */
  leadToken: number;
  industry: string;
}

const PATTERNS = 3;

/**
 * Hands out unique company names for one country without remembering the ones used: the n-th company
 * of the country gets slot P(n) of a keyed permutation over (lead token × rest), and the rest index is
 * decoded injectively into a pattern ("A B", "A B C", "A & S" / "A B C'"). Lead tokens are generic
 * words, surnames and brand nouns, then coined brands, then (only when more names are needed) pairs
 * of surnames. About two lead tokens are in play per expected company, so a good share of companies
 * share their first word with another one — a matcher cannot link on name alone.
 */
export class CompanyNameSpace {
  private readonly profile: CountryProfile;
  private readonly surnames: readonly string[];
  private readonly surnameIndex: ReadonlyMap<string, number>;
  private readonly leads: readonly string[];
  private readonly surnameLeads: ReadonlySet<number>;
  private readonly leadCount: number;
  private readonly restSize: number;
  private readonly permutation: IndexPermutation;
  private readonly step: number;

  constructor(profile: CountryProfile, pool: LocalePool, expectedCompanies: number, key: number) {
    if (pool.surnames.length <= profile.businessWords.length + 1) {
      throw new Error(`Too few surnames for ${profile.code} company names (${pool.surnames.length}); the faker locale data looks incomplete`);
    }
    this.profile = profile;
    this.surnames = pool.surnames;
    this.surnameIndex = new Map(pool.surnames.map((name, i) => [name, i]));
    const { leads, surnameLeads } = leadTokens(profile, pool, key);
    this.leads = leads;
    this.surnameLeads = surnameLeads;
    this.restSize = PATTERNS * profile.businessWords.length;
    const s = pool.surnames.length;
    const capacity = leads.length + s * (s - 1);
    const needed = Math.ceil((expectedCompanies * 1.2) / this.restSize) + 1;
    const wanted = Math.min(leads.length, Math.max(24, Math.ceil(2 * expectedCompanies)));
    this.leadCount = Math.min(capacity, Math.max(wanted, needed));
    this.permutation = new IndexPermutation(this.leadCount * this.restSize, key);
    this.step = coprimeStep(profile.businessWords.length, key);
  }

  /** Number of distinct names this space can hand out. */
  get size(): number {
    return this.leadCount * this.restSize;
  }

  nameAt(ordinal: number): CompanyCore {
    if (ordinal >= this.size) throw new Error(`Company name space for ${this.profile.code} is exhausted at ${ordinal} names`);
    const slot = this.permutation.at(ordinal);
    const lead = slot % this.leadCount;
    const rest = Math.floor(slot / this.leadCount);
    return this.compose(lead, rest % PATTERNS, Math.floor(rest / PATTERNS));
  }

  private compose(lead: number, pattern: number, k: number): CompanyCore {
    const words = this.profile.businessWords;
    const word: BusinessWord = words[(k * this.step + lead) % words.length]!;
    const leadText = this.leadText(lead);
    const result = (core: string): CompanyCore => ({ core, leadToken: lead, industry: word.industry });
    if (pattern === 0) return result(`${leadText} ${word.word}`);
    if (pattern === 1) return result(`${leadText} ${word.word} ${this.groupWord(lead + k, word.word)}`);
    if (this.isSurnameLead(lead)) return result(`${leadText} & ${this.partnerSurname(lead, leadText, k)}`);
    return result(`${leadText} ${word.word} ${this.groupWord(lead + k + 3, word.word)}`);
  }

  private isSurnameLead(lead: number): boolean {
    return lead >= this.leads.length || this.surnameLeads.has(lead);
  }

  private leadText(lead: number): string {
    if (lead < this.leads.length) return this.leads[lead]!;
    const s = this.surnames.length;
    const pair = lead - this.leads.length;
    const first = pair % s;
    const second = (first + 1 + Math.floor(pair / s)) % s;
    return `${this.surnames[first]}-${this.surnames[second]}`;
  }

  private groupWord(index: number, businessWord: string): string {
    const groups = this.profile.groupWords;
    const word = groups[index % groups.length]!;
    return word === businessWord ? groups[(index + 1) % groups.length]! : word;
  }

  /** A second surname, different for every k of the same lead token and never the lead itself. */
  private partnerSurname(lead: number, leadText: string, k: number): string {
    const s = this.surnames.length;
    const offset = hashInts(lead, 7919) % s;
    const leadIndex = this.surnameIndex.get(leadText);
    if (leadIndex === undefined) return this.surnames[(offset + k) % s]!;
    const pick = (offset + k) % (s - 1);
    return this.surnames[pick >= leadIndex ? pick + 1 : pick]!;
  }
}

/** Generic words first, then surnames and brand nouns (shuffled together), then coined brands; no repeats. */
function leadTokens(profile: CountryProfile, pool: LocalePool, key: number): { leads: string[]; surnameLeads: Set<number> } {
  const rng = new SeededRandom(key, 1);
  const named = shuffle([...pool.surnames.map((text) => ({ text, surname: true })), ...pool.nouns.map((text) => ({ text, surname: false }))], rng);
  const ordered = [
    ...profile.genericTokens.map((text) => ({ text, surname: false })),
    ...named,
    ...shuffle(pool.coined.map((text) => ({ text, surname: false })), rng),
  ];
  const seen = new Set<string>();
  const leads: string[] = [];
  const surnameLeads = new Set<number>();
  for (const token of ordered) {
    const normal = token.text.toLowerCase();
    if (seen.has(normal)) continue;
    seen.add(normal);
    if (token.surname) surnameLeads.add(leads.length);
    leads.push(token.text);
  }
  return { leads, surnameLeads };
}

function shuffle<T>(items: T[], rng: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function coprimeStep(modulus: number, key: number): number {
  for (let candidate = 7 + (key % 17); ; candidate++) {
    if (gcd(candidate, modulus) === 1) return candidate;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
