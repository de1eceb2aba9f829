import { formatDecimal } from './decimal-text.ts';
import { escapeHtml } from './html-escape.ts';

/** A value to chart: the exact DECIMAL text for its label, its number only for geometry. */
export interface ChartValue {
  label: string;
  value: string;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const POSITIVE = '#b4463c';
const NEGATIVE = '#2f7d4f';
const TOTAL = '#3b5b92';

function svgOpen(width: number, height: number, title: string, id: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}" ${FONT}><title id="${id}">${escapeHtml(title)}</title>`;
}

/** Horizontal bars from a zero line (negative values extend left). */
export function horizontalBarChart(values: readonly ChartValue[], title: string, id: string): string {
  const labelWidth = 230;
  const plot = 360;
  const rowHeight = 26;
  const height = values.length * rowHeight + 20;
  const numbers = values.map((v) => Number(v.value));
  const min = Math.min(0, ...numbers);
  const span = Math.max(...numbers, 0) - min || 1;
  const x = (n: number): number => labelWidth + ((n - min) / span) * plot;
  const bars = values.map((v, i) => {
    const n = numbers[i] ?? 0;
    const y = 10 + i * rowHeight;
    const left = Math.min(x(0), x(n));
    return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(v.label)}</text>`
      + `<rect x="${left.toFixed(1)}" y="${y + 4}" width="${Math.abs(x(n) - x(0)).toFixed(1)}" height="${rowHeight - 8}" fill="${n < 0 ? NEGATIVE : POSITIVE}"/>`
      + `<text x="${(Math.max(x(0), x(n)) + 4).toFixed(1)}" y="${y + 16}">${escapeHtml(formatDecimal(v.value))}</text>`;
  });
  const axis = `<line x1="${x(0).toFixed(1)}" y1="6" x2="${x(0).toFixed(1)}" y2="${height - 6}" stroke="#555"/>`;
  return `${svgOpen(labelWidth + plot + 110, height, title, id)}${axis}${bars.join('')}</svg>`;
}

/** Vertical columns, one per label (the six-month trend). */
export function columnChart(values: readonly ChartValue[], title: string, id: string): string {
  const columnWidth = 70;
  const plotHeight = 180;
  const top = 24;
  const width = values.length * columnWidth + 40;
  const numbers = values.map((v) => Number(v.value));
  const max = Math.max(0, ...numbers);
  const min = Math.min(0, ...numbers);
  const span = max - min || 1;
  const y = (n: number): number => top + ((max - n) / span) * plotHeight;
  const columns = values.map((v, i) => {
    const n = numbers[i] ?? 0;
    const x = 20 + i * columnWidth;
    return `<rect x="${x + 10}" y="${Math.min(y(0), y(n)).toFixed(1)}" width="${columnWidth - 20}" height="${Math.abs(y(n) - y(0)).toFixed(1)}" fill="${n < 0 ? NEGATIVE : POSITIVE}"/>`
      + `<text x="${x + columnWidth / 2}" y="${(Math.min(y(0), y(n)) - 6).toFixed(1)}" text-anchor="middle" font-size="10">${escapeHtml(formatDecimal(v.value))}</text>`
      + `<text x="${x + columnWidth / 2}" y="${top + plotHeight + 18}" text-anchor="middle">${escapeHtml(v.label)}</text>`;
  });
  const axis = `<line x1="16" y1="${y(0).toFixed(1)}" x2="${width - 16}" y2="${y(0).toFixed(1)}" stroke="#555"/>`;
  return `${svgOpen(width, top + plotHeight + 30, title, id)}${axis}${columns.join('')}</svg>`;
}

/** A waterfall: `total` bars stand on zero, `change` bars float from the running total. */
export function waterfallChart(steps: readonly (ChartValue & { kind: 'total' | 'change' })[], title: string, id: string): string {
  const columnWidth = 104;
  const plotHeight = 220;
  const top = 24;
  const width = steps.length * columnWidth + 40;
  const spans: [number, number][] = [];
  let running = 0;
  for (const step of steps) {
    const n = Number(step.value);
    if (step.kind === 'total') {
      running = n;
      spans.push([0, n]);
    } else {
      spans.push([running, running + n]);
      running += n;
    }
  }
  const all = spans.flat();
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const scale = max - min || 1;
  const y = (n: number): number => top + ((max - n) / scale) * plotHeight;
  const bars = steps.map((step, i) => {
    const [from, to] = spans[i] ?? [0, 0];
    const x = 20 + i * columnWidth;
    const colour = step.kind === 'total' ? TOTAL : to < from ? POSITIVE : NEGATIVE;
    const lines = wrapWords(step.label, 15);
    return `<rect x="${x + 8}" y="${Math.min(y(from), y(to)).toFixed(1)}" width="${columnWidth - 16}" height="${Math.max(1, Math.abs(y(to) - y(from))).toFixed(1)}" fill="${colour}"/>`
      + `<text x="${x + columnWidth / 2}" y="${(Math.min(y(from), y(to)) - 6).toFixed(1)}" text-anchor="middle" font-size="10">${escapeHtml(formatDecimal(step.value))}</text>`
      + lines.map((line, l) => `<text x="${x + columnWidth / 2}" y="${top + plotHeight + 16 + l * 13}" text-anchor="middle" font-size="10">${escapeHtml(line)}</text>`).join('');
  });
  const axis = `<line x1="16" y1="${y(0).toFixed(1)}" x2="${width - 16}" y2="${y(0).toFixed(1)}" stroke="#555"/>`;
  return `${svgOpen(width, top + plotHeight + 58, title, id)}${axis}${bars.join('')}</svg>`;
}

/** Splits a label into lines of at most about `width` characters, at spaces. */
function wrapWords(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
