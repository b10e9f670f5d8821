/** Inventory results as CSV (for spreadsheets and the ILS) and as a printable HTML page (escaped; no script). */
import type { Analysis } from './analysis.ts';

const sections: Array<[keyof Omit<Analysis, 'location' | 'scanned'>, string]> = [
  ['missing', 'Missing'],
  ['misshelved', 'Out of order'],
  ['wrongLocation', 'Wrong location'],
  ['statusConflicts', 'ILS status conflicts'],
  ['unsecured', 'Security off'],
  ['unknown', 'Unknown to the shelf list'],
];

const csvCell = (s: string | undefined) => {
  const v = s ?? '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function analysisToCsv(a: Analysis): string {
  const lines = ['finding,item_id,call_number,location,title,detail'];
  for (const [key, label] of sections)
    for (const f of a[key])
      lines.push([label, f.itemId, f.callNumber, f.location, f.title, f.detail].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

const esc = (s: string | undefined) =>
  (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function analysisToHtml(a: Analysis, title: string, generatedAt: Date): string {
  const parts = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}',
    'th,td{border:1px solid #999;padding:4px 6px;text-align:left}h2{margin-top:1.5em}@media print{h2{break-after:avoid}}</style>',
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    `<p>Location ${esc(a.location ?? 'unknown')}; ${a.scanned} items read; ${esc(generatedAt.toISOString())}</p>`,
  ];
  for (const [key, label] of sections) {
    const rows = a[key];
    parts.push(`<h2>${esc(label)} (${rows.length})</h2>`);
    if (!rows.length) continue;
    parts.push(
      '<table><thead><tr><th>Item</th><th>Call number</th><th>Location</th><th>Title</th><th>Detail</th></tr></thead><tbody>',
    );
    for (const f of rows)
      parts.push(
        `<tr><td>${esc(f.itemId)}</td><td>${esc(f.callNumber)}</td><td>${esc(f.location)}</td><td>${esc(f.title)}</td><td>${esc(f.detail)}</td></tr>`,
      );
    parts.push('</tbody></table>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
