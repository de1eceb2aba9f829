import type { Company } from './company-universe.ts';
import type { SeededRandom } from './seeded-random.ts';
import { slug } from './text-utils.ts';

/** Mail providers whose domain says nothing about the company (a matcher must ignore them). */
export const FREE_MAIL_DOMAINS = [
  'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'aol.com', 'icloud.com', 'protonmail.com', 'live.com',
  'gmx.de', 'web.de', 't-online.de', 'yahoo.co.uk', 'btinternet.com', 'orange.fr', 'free.fr', 'laposte.net',
] as const;

const FREE_MAIL_BY_COUNTRY: Readonly<Record<string, readonly string[]>> = {
  US: ['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'aol.com', 'icloud.com'],
  CA: ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com'],
  GB: ['gmail.com', 'yahoo.co.uk', 'btinternet.com', 'outlook.com', 'hotmail.com'],
  DE: ['gmx.de', 'web.de', 't-online.de', 'gmail.com'],
  FR: ['orange.fr', 'free.fr', 'laposte.net', 'gmail.com'],
};

const ENGLISH_MAILBOXES = ['ap', 'accounts', 'accountspayable', 'accounts.payable', 'billing', 'finance', 'invoices', 'payables'];
const AP_MAILBOXES: Readonly<Record<string, readonly string[]>> = {
  US: ENGLISH_MAILBOXES, CA: ENGLISH_MAILBOXES, GB: ENGLISH_MAILBOXES,
  DE: ['buchhaltung', 'rechnungen', 'rechnung', 'finanzen', 'accounting', 'ap'],
  FR: ['compta', 'comptabilite', 'factures', 'facturation', 'finance'],
};

const WEBSITE_FORMS: readonly (readonly [string, number])[] = [
  ['https://www.{d}', 30], ['http://www.{d}', 10], ['www.{d}', 20], ['{d}', 14], ['https://{d}', 10], ['https://www.{d}/', 6],
  ['http://{d}/', 3], ['https://www.{d}/contact', 2], ['https://www.{d}/en/', 2], ['HTTPS://WWW.{D}', 1], ['https://shop.{d}', 1], ['http://{d}/index.html', 1],
];

/** How a user typed the company's website into a URL field. */
export function websiteVariant(domain: string, rng: SeededRandom): string {
  const form = rng.weighted(WEBSITE_FORMS);
  return form.replace('{d}', domain).replace('{D}', domain.toUpperCase());
}

/** HubSpot's `domain` property: normally the bare domain HubSpot derived, sometimes kept with www. */
export function hubspotDomain(domain: string, rng: SeededRandom): string {
  return rng.chance(0.05) ? `www.${domain}` : rng.chance(0.02) ? domain.toUpperCase() : domain;
}

/**
 * The billing e-mail NetSuite holds: an accounts-payable mailbox at the company's domain, a person
 * there, or someone's free-mail address (common for small customers).
 */
export function billingEmail(company: Company, firstNames: readonly string[], surnames: readonly string[], rng: SeededRandom): string {
  const freeMailShare = company.segment === 'smb' ? 0.28 : 0.06;
  const first = slug(rng.pick(firstNames));
  const last = slug(rng.pick(surnames));
  if (rng.chance(freeMailShare)) {
    const domain = rng.pick(FREE_MAIL_BY_COUNTRY[company.profile.code] ?? FREE_MAIL_DOMAINS);
    const suffix = rng.chance(0.5) ? String(rng.int(1, 99)) : '';
    return `${rng.chance(0.6) ? `${first}.${last}` : `${first[0]}${last}`}${suffix}@${domain}`;
  }
  if (rng.chance(0.65)) return `${rng.pick(AP_MAILBOXES[company.profile.code] ?? AP_MAILBOXES.US!)}@${company.domain}`;
  return `${first}.${last}@${rng.chance(0.04) ? `mail.${company.domain}` : company.domain}`;
}
