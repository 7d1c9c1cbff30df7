// CSV shared by the dashboard's downloads and the service's exports; no schema library behind it,
// so the dashboard can import it without pulling the schemas into its first-visit bundle.

/**
 * CSV for spreadsheets: fields quoted when needed, and cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) prefixed with an apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (row: ReadonlyArray<string | number | null | undefined>) => row.map(csvCell).join(',') + '\r\n';

export const toCsv = (rows: Array<Array<string | number | null | undefined>>) => rows.map(csvLine).join('');
