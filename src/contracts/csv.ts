/**
 * CSV for spreadsheets: fields quoted when needed, and cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) prefixed with an apostrophe. Shared by the dashboard's downloads
 * and the service's CSV exports, so both defuse formulas the same way.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const toCsv = (rows: Array<Array<string | number | null | undefined>>) =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
