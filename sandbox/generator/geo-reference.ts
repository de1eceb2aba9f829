/** Region codes and names used for addresses (USPS states, Canadian provinces, German Länder). */
export interface Region {
  code: string;
  name: string;
  /** Share of companies placed in the region (rough population weight). */
  weight: number;
}

export const US_STATES: readonly Region[] = [
  ['AL', 'Alabama', 5], ['AK', 'Alaska', 1], ['AZ', 'Arizona', 7], ['AR', 'Arkansas', 3], ['CA', 'California', 39],
  ['CO', 'Colorado', 6], ['CT', 'Connecticut', 4], ['DE', 'Delaware', 1], ['DC', 'District of Columbia', 1], ['FL', 'Florida', 22],
  ['GA', 'Georgia', 11], ['HI', 'Hawaii', 1], ['ID', 'Idaho', 2], ['IL', 'Illinois', 13], ['IN', 'Indiana', 7],
  ['IA', 'Iowa', 3], ['KS', 'Kansas', 3], ['KY', 'Kentucky', 4], ['LA', 'Louisiana', 5], ['ME', 'Maine', 1],
  ['MD', 'Maryland', 6], ['MA', 'Massachusetts', 7], ['MI', 'Michigan', 10], ['MN', 'Minnesota', 6], ['MS', 'Mississippi', 3],
  ['MO', 'Missouri', 6], ['MT', 'Montana', 1], ['NE', 'Nebraska', 2], ['NV', 'Nevada', 3], ['NH', 'New Hampshire', 1],
  ['NJ', 'New Jersey', 9], ['NM', 'New Mexico', 2], ['NY', 'New York', 20], ['NC', 'North Carolina', 10], ['ND', 'North Dakota', 1],
  ['OH', 'Ohio', 12], ['OK', 'Oklahoma', 4], ['OR', 'Oregon', 4], ['PA', 'Pennsylvania', 13], ['RI', 'Rhode Island', 1],
  ['SC', 'South Carolina', 5], ['SD', 'South Dakota', 1], ['TN', 'Tennessee', 7], ['TX', 'Texas', 29], ['UT', 'Utah', 3],
  ['VT', 'Vermont', 1], ['VA', 'Virginia', 9], ['WA', 'Washington', 8], ['WV', 'West Virginia', 2], ['WI', 'Wisconsin', 6],
  ['WY', 'Wyoming', 1],
].map(([code, name, weight]) => ({ code: code as string, name: name as string, weight: weight as number }));

export const CA_PROVINCES: readonly Region[] = [
  ['ON', 'Ontario', 38], ['QC', 'Quebec', 22], ['BC', 'British Columbia', 13], ['AB', 'Alberta', 11], ['MB', 'Manitoba', 4],
  ['SK', 'Saskatchewan', 3], ['NS', 'Nova Scotia', 3], ['NB', 'New Brunswick', 2], ['NL', 'Newfoundland and Labrador', 1],
  ['PE', 'Prince Edward Island', 1],
].map(([code, name, weight]) => ({ code: code as string, name: name as string, weight: weight as number }));

export const DE_STATES: readonly Region[] = [
  ['BW', 'Baden-Württemberg', 11], ['BY', 'Bayern', 13], ['BE', 'Berlin', 4], ['BB', 'Brandenburg', 3], ['HB', 'Bremen', 1],
  ['HH', 'Hamburg', 2], ['HE', 'Hessen', 6], ['MV', 'Mecklenburg-Vorpommern', 2], ['NI', 'Niedersachsen', 8],
  ['NW', 'Nordrhein-Westfalen', 18], ['RP', 'Rheinland-Pfalz', 4], ['SL', 'Saarland', 1], ['SN', 'Sachsen', 4],
  ['ST', 'Sachsen-Anhalt', 2], ['SH', 'Schleswig-Holstein', 3], ['TH', 'Thüringen', 2],
].map(([code, name, weight]) => ({ code: code as string, name: name as string, weight: weight as number }));

/** Canadian postal-code first letter per province (keeps generated codes plausible). */
export const CA_POSTAL_LETTER: Readonly<Record<string, string>> = {
  ON: 'KLMNP', QC: 'GHJ', BC: 'V', AB: 'T', MB: 'R', SK: 'S', NS: 'B', NB: 'E', NL: 'A', PE: 'C',
};
