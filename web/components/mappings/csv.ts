/**
 * CSV for spreadsheets: fields quoted when needed, and cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) prefixed with an apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const toCsv = (rows: Array<Array<string | number | null | undefined>>) =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** Starts a download of `text` named `name` in the browser. */
export function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
