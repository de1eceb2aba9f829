import { writeFile } from 'node:fs/promises';
import { formatDecimal } from './decimal-text.ts';
import { escapeHtml } from './html-escape.ts';
import { categoryLabel } from './leakage-categories.ts';
import type { LeakageReportData } from './leakage-report-data.ts';
import { AGING_BUCKETS } from './report-ar-aging.ts';
import { columnChart, horizontalBarChart, waterfallChart } from './svg-charts.ts';

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d1d1f; max-width: 1200px; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
  table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.85rem; }
  th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tr.total td { font-weight: bold; background: #f3f3f3; }
  .chart-with-table { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
  figure { margin: 0; } figcaption { font-size: 0.85rem; color: #555; }
  dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; font-size: 0.9rem; }
  dt { font-weight: bold; }
  .wide { overflow-x: auto; max-width: 100%; }
`;

/** Writes the report as one self-contained HTML page: no scripts, no network, charts as inline SVG. */
export async function renderHtml(data: LeakageReportData, file: string): Promise<void> {
  await writeFile(file, htmlPage(data));
}

/** The page's HTML. */
export function htmlPage(data: LeakageReportData): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.header.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(data.header.title)}</h1>
${headerSection(data)}
${summarySection(data)}
${trendSection(data)}
${bridgeSection(data)}
${topItemsSection(data)}
${agingSection(data)}
${dataQualitySection(data)}
<p>The full detail of the month's findings is in the CSV file and the workbook's Detail sheet.</p>
</body></html>
`;
}

function num(text: string | number | null, attrs = ''): string {
  return `<td class="num"${attrs}>${escapeHtml(typeof text === 'number' ? text : formatDecimal(text))}</td>`;
}

function money(field: string, value: string): string {
  return num(value, ` data-field="${field}" data-value="${escapeHtml(value)}"`);
}

function headerSection(data: LeakageReportData): string {
  const items = data.header.parameters.map((p) => `<dt>${escapeHtml(p.name)}</dt><dd>${escapeHtml(p.value)}</dd>`).join('');
  return `<dl>${items}</dl><p>Amounts are in the reporting currency unless a currency is shown. Gap = deal amount − net invoiced.</p>`;
}

function summarySection(data: LeakageReportData): string {
  const prior = escapeHtml(data.header.priorPeriod);
  const rows = data.summary.map((line) => `<tr data-key="${escapeHtml(line.key)}"${line.group === 'total' ? ' class="total"' : ''}>`
    + `<th scope="row">${escapeHtml(line.label)}</th><td>${escapeHtml(line.group)}</td>${num(line.count, ' data-field="count"')}`
    + `${money('amount', line.amount)}${money('gap', line.gap)}${num(line.priorCount)}${num(line.priorGap)}`
    + `${num(line.changeCount)}${num(line.changeGap)}<td class="num">${line.changeGapPct === null ? '—' : `${escapeHtml(line.changeGapPct)}%`}</td></tr>`).join('\n');
  const categories = data.summary.filter((line) => line.group !== 'total');
  const chart = horizontalBarChart(categories.map((line) => ({ label: line.label, value: line.gap })), `Gap by category, ${data.header.period}`, 'chart-category');
  return `<h2>Summary by category</h2>
<table id="summary"><caption>Findings of ${escapeHtml(data.header.period)} against ${prior}</caption>
<thead><tr><th scope="col">Category</th><th scope="col">Group</th><th scope="col" class="num">Findings</th><th scope="col" class="num">Amount</th>
<th scope="col" class="num">Gap</th><th scope="col" class="num">Findings ${prior}</th><th scope="col" class="num">Gap ${prior}</th>
<th scope="col" class="num">Change in findings</th><th scope="col" class="num">Change in gap</th><th scope="col" class="num">Change in gap %</th></tr></thead>
<tbody>${rows}</tbody></table>
<div class="chart-with-table"><figure>${chart}<figcaption>Gap by category (the table beside gives the same figures).</figcaption></figure>
<table><caption>Gap by category</caption><thead><tr><th scope="col">Category</th><th scope="col" class="num">Gap</th></tr></thead><tbody>
${categories.map((line) => `<tr><th scope="row">${escapeHtml(line.label)}</th>${num(line.gap)}</tr>`).join('')}</tbody></table></div>`;
}

function trendSection(data: LeakageReportData): string {
  const chart = columnChart(data.trend.map((p) => ({ label: p.period, value: p.leakageGap })), 'Leakage gap by month, last six months', 'chart-trend');
  const rows = data.trend.map((p) => `<tr><th scope="row">${escapeHtml(p.period)}</th>${num(p.leakageCount)}${num(p.leakageGap)}${num(p.pendingCount)}</tr>`).join('');
  return `<h2>Six-month trend</h2><div class="chart-with-table"><figure>${chart}<figcaption>Leakage gap per month.</figcaption></figure>
<table id="trend"><caption>Leakage per month</caption><thead><tr><th scope="col">Period</th><th scope="col" class="num">Leakage findings</th>
<th scope="col" class="num">Leakage gap</th><th scope="col" class="num">Pending findings</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function bridgeSection(data: LeakageReportData): string {
  const steps = data.bridge.steps.map((s) => ({ label: s.label, value: s.amount, kind: s.kind }));
  const chart = waterfallChart(steps, `Bookings to collected, deals closed in ${data.header.period}`, 'chart-bridge');
  const rows = data.bridge.steps.map((s) => `<tr${s.kind === 'total' ? ' class="total"' : ''} data-key="${escapeHtml(s.key)}"><th scope="row">${escapeHtml(s.label)}</th>${money('amount', s.amount)}</tr>`).join('');
  return `<h2>Bridge: bookings to collected</h2><p>${data.bridge.deals} closed-won deals of ${escapeHtml(data.header.period)}.</p>
<div class="chart-with-table"><figure>${chart}<figcaption>Waterfall from closed-won bookings to cash collected.</figcaption></figure>
<table id="bridge"><caption>Bridge steps</caption><thead><tr><th scope="col">Step</th><th scope="col" class="num">Amount</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function topItemsSection(data: LeakageReportData): string {
  const rows = data.topItems.map((t) => `<tr><td>${escapeHtml(categoryLabel(t.category))}</td>${num(t.rank)}<td>${escapeHtml(t.opportunityName ?? t.findingId)}</td>`
    + `<td>${escapeHtml(t.customerName)}</td><td>${escapeHtml(t.owner)}</td><td>${escapeHtml(t.closeDate)}</td>`
    + `${num(t.dealAmount)}<td>${escapeHtml(t.currency)}</td>${num(t.invoicedAmount)}${num(t.gapReporting)}${num(t.daysSinceClose)}<td>${escapeHtml(t.matchMethod)}</td></tr>`).join('\n');
  return `<h2>Top items per category</h2><div class="wide"><table id="top-items"><thead><tr><th scope="col">Category</th><th scope="col" class="num">#</th>
<th scope="col">Opportunity</th><th scope="col">Customer</th><th scope="col">Owner</th><th scope="col">Close date</th><th scope="col" class="num">Deal amount</th>
<th scope="col">Currency</th><th scope="col" class="num">Invoiced</th><th scope="col" class="num">Gap (reporting)</th><th scope="col" class="num">Days since close</th>
<th scope="col">Match method</th></tr></thead><tbody>${rows || '<tr><td colspan="12">No findings this month.</td></tr>'}</tbody></table></div>`;
}

function agingSection(data: LeakageReportData): string {
  const head = AGING_BUCKETS.map((b) => `<th scope="col" class="num">${escapeHtml(b.label)}</th>`).join('');
  const totals = data.agingTotals.map((t) => `<tr><th scope="row">${escapeHtml(t.currency)}</th>${num(t.customers)}`
    + `${AGING_BUCKETS.map((b) => num(t.buckets[b.key])).join('')}${num(t.totalOpen)}${num(t.overdue)}</tr>`).join('');
  const top = data.topOverdue.map((l) => `<tr><td>${escapeHtml(l.customerName ?? l.erpCustomerId)}</td><td>${escapeHtml(l.currency)}</td>`
    + `${num(l.overdue)}${num(l.totalOpen)}<td>${escapeHtml(l.oldestOverdueDueDate)}</td></tr>`).join('');
  return `<h2>AR aging</h2><table id="aging"><caption>Open receivables by days past due, each customer's currency</caption>
<thead><tr><th scope="col">Currency</th><th scope="col" class="num">Customers</th>${head}<th scope="col" class="num">Total open</th><th scope="col" class="num">Overdue</th></tr></thead>
<tbody>${totals || '<tr><td colspan="9">No open receivables.</td></tr>'}</tbody></table>
<table id="top-overdue"><caption>Largest overdue customers</caption><thead><tr><th scope="col">Customer</th><th scope="col">Currency</th>
<th scope="col" class="num">Overdue</th><th scope="col" class="num">Total open</th><th scope="col">Oldest overdue due date</th></tr></thead>
<tbody>${top || '<tr><td colspan="5">Nothing overdue.</td></tr>'}</tbody></table>`;
}

function dataQualitySection(data: LeakageReportData): string {
  const dq = data.dataQuality;
  const coverage = dq.coverage.map((c) => `<tr><th scope="row">${escapeHtml(c.system)}</th>${num(c.records)}${num(c.linked)}${num(c.review)}${num(c.unmatched)}`
    + `<td class="num">${c.linkedPct === null ? '—' : `${escapeHtml(c.linkedPct)}%`}</td></tr>`).join('');
  const unmatched = dq.unmatchedCustomers.map((u) => `<tr><td>${escapeHtml(u.system)}</td><td>${escapeHtml(u.crmAccountId)}</td><td>${escapeHtml(u.customerName)}</td>`
    + `${num(u.deals)}${num(u.wonAmount)}</tr>`).join('');
  return `<h2>Data quality</h2><table id="coverage"><caption>Customer match coverage</caption><thead><tr><th scope="col">System</th>
<th scope="col" class="num">Records</th><th scope="col" class="num">Linked</th><th scope="col" class="num">Review</th><th scope="col" class="num">Unmatched</th>
<th scope="col" class="num">Linked %</th></tr></thead><tbody>${coverage}</tbody></table>
<dl><dt>Records waiting for review</dt><dd>${dq.reviewRecords}</dd><dt>Unmatched customer records</dt><dd>${dq.unmatchedRecords}</dd>
<dt>Quarantined records</dt><dd id="quarantined">${dq.quarantinedRecords}</dd></dl>
<table id="unmatched-customers"><caption>Closed-won customers of ${escapeHtml(data.header.period)} without an ERP customer</caption>
<thead><tr><th scope="col">System</th><th scope="col">CRM account</th><th scope="col">Customer</th><th scope="col" class="num">Deals</th>
<th scope="col" class="num">Won amount</th></tr></thead><tbody>${unmatched || '<tr><td colspan="5">None.</td></tr>'}</tbody></table>`;
}
