import type { Company } from './company-universe.ts';
import type { SeededRandom } from './seeded-random.ts';
import { stripAccents } from './text-utils.ts';

/** How carelessly one system's users type company names (probabilities, applied independently). */
export interface NameNoise {
  /** The legal form is written at all. */
  legalForm: number;
  /** When written, the canonical spelling of the legal form is used (else another variant). */
  canonicalLegalForm: number;
  /** ", Inc." instead of " Inc." */
  comma: number;
  /** Per abbreviable word: International → Intl. */
  abbreviate: number;
  /** "&" ↔ "and". */
  ampersand: number;
  /** A leading "The". */
  the: number;
  /** Accents removed (when the name has some) or added (rarely, when it has none). */
  accents: number;
  /** One-character typo in one word. */
  typo: number;
  upper: number;
  lower: number;
  /** Periods dropped, hyphens turned into spaces. */
  punctuation: number;
}

export const NAME_NOISE = {
  salesforce: { legalForm: 0.6, canonicalLegalForm: 0.6, comma: 0.15, abbreviate: 0.15, ampersand: 0.25, the: 0.03, accents: 0.4, typo: 0.04, upper: 0.03, lower: 0.02, punctuation: 0.1 },
  hubspot: { legalForm: 0.3, canonicalLegalForm: 0.5, comma: 0.1, abbreviate: 0.1, ampersand: 0.2, the: 0.02, accents: 0.5, typo: 0.05, upper: 0.02, lower: 0.06, punctuation: 0.15 },
  netsuite: { legalForm: 0.92, canonicalLegalForm: 0.7, comma: 0.2, abbreviate: 0.1, ampersand: 0.15, the: 0.02, accents: 0.3, typo: 0.03, upper: 0.08, lower: 0.0, punctuation: 0.1 },
  /** A second record of the same company typed by someone else. */
  duplicate: { legalForm: 0.5, canonicalLegalForm: 0.4, comma: 0.15, abbreviate: 0.3, ampersand: 0.35, the: 0.06, accents: 0.6, typo: 0.15, upper: 0.05, lower: 0.08, punctuation: 0.2 },
} as const satisfies Record<string, NameNoise>;

const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  International: ['Intl', "Int'l", 'Intl.'],
  Technologies: ['Tech', 'Techs'],
  Technology: ['Tech'],
  Manufacturing: ['Mfg', 'Mfg.'],
  Systems: ['Sys'],
  Services: ['Svcs', 'Svc'],
  Associates: ['Assoc', 'Assocs'],
  Engineering: ['Eng', 'Engg'],
  Financial: ['Fin'],
  Communications: ['Comms', 'Comm'],
  Pharmaceuticals: ['Pharma'],
  Holdings: ['Hldgs'],
  Enterprises: ['Ent', 'Ents'],
  Group: ['Grp'],
  Laboratories: ['Labs'],
  Development: ['Dev'],
  Développement: ['Dév.', 'Dev'],
  Construction: ['Constr'],
  Worldwide: ['WW'],
};

const KEYBOARD_NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';

/** One system's spelling of the company's name. */
export function noisyName(company: Company, noise: NameNoise, rng: SeededRandom): string {
  let words = company.core.split(' ').map((word) => {
    const short = ABBREVIATIONS[word];
    return short && rng.chance(noise.abbreviate) ? rng.pick(short) : word;
  });
  if (rng.chance(noise.ampersand)) {
    const spelled = company.profile.ampersandWord;
    words = words.map((w) => (w === '&' ? spelled : w.toLowerCase() === spelled ? '&' : w));
  }
  let core = words.join(' ');
  if (/[^\x20-\x7e]/.test(core) ? rng.chance(noise.accents) : rng.chance(noise.accents / 8)) core = /[^\x20-\x7e]/.test(core) ? stripAccents(core) : addAccent(core, rng);
  if (rng.chance(noise.typo)) core = typo(core, rng);
  let name = core;
  if (company.legalForm && rng.chance(noise.legalForm)) {
    const form = rng.chance(noise.canonicalLegalForm) ? company.legalForm.canonical : rng.pick(company.legalForm.variants);
    name = `${core}${rng.chance(noise.comma) ? ',' : ''} ${form}`;
  }
  if (rng.chance(noise.the)) name = `The ${name}`;
  if (rng.chance(noise.punctuation)) name = name.replace(/\./g, '').replace(/(\p{L})-(\p{L})/gu, '$1 $2');
  if (rng.chance(noise.upper)) name = name.toUpperCase();
  else if (rng.chance(noise.lower)) name = name.toLowerCase();
  return name;
}

function addAccent(text: string, rng: SeededRandom): string {
  const positions = [...text.matchAll(/[eaou]/g)].map((m) => m.index);
  if (positions.length === 0) return text;
  const at = rng.pick(positions);
  const accented: Record<string, string> = { e: 'é', a: 'à', o: 'ö', u: 'ü' };
  return text.slice(0, at) + accented[text[at]!]! + text.slice(at + 1);
}

/** One edit (substitute, delete, duplicate or transpose) inside one longer word, never its first letter. */
export function typo(text: string, rng: SeededRandom): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 5 && /^\p{L}+$/u.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = rng.pick(candidates);
  const at = rng.int(1, word.length - 2);
  let edited: string;
  switch (rng.int(0, 3)) {
    case 0: {
      const lower = word[at]!.toLowerCase();
      const key = KEYBOARD_NEIGHBOURS.indexOf(lower);
      const replacement = key < 0 ? 'e' : KEYBOARD_NEIGHBOURS[(key + (rng.chance(0.5) ? 1 : KEYBOARD_NEIGHBOURS.length - 1)) % KEYBOARD_NEIGHBOURS.length]!;
      edited = word.slice(0, at) + replacement + word.slice(at + 1);
      break;
    }
    case 1:
      edited = word.slice(0, at) + word.slice(at + 1);
      break;
    case 2:
      edited = word.slice(0, at) + word[at] + word.slice(at);
      break;
    default:
      // Swapping two equal letters changes nothing: double the letter instead.
      edited = word[at] === word[at + 1] ? word.slice(0, at) + word[at] + word.slice(at) : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  }
  words[index] = edited;
  return words.join(' ');
}
