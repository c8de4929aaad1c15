// Column alignment as kubectl's table printer does it: Go's text/tabwriter with
// minwidth 6, tabwidth 4, padding 3, padchar ' ' (cli-runtime printers.GetNewTabWriter).
// UPSTREAM: src/text/tabwriter/tabwriter.go, staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go

export const TAB_MIN_WIDTH = 6;
export const TAB_PADDING = 3;

/**
 * Lay out rows of cells: every cell except a row's last is padded with spaces to its column's
 * width (widest cell + 3, at least 6), and the last cell is written as is, so rows carry no
 * trailing spaces unless their last cell is empty-padded by an earlier column. Widths count
 * code points, as Go counts runes. Each row ends with a newline.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length - 1; i++) {
      widths[i] = Math.max(widths[i] ?? TAB_MIN_WIDTH, runeLength(row[i]) + TAB_PADDING);
    }
  }
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i];
      out += i < row.length - 1 ? cell + ' '.repeat(widths[i] - runeLength(cell)) : cell;
    }
    out += '\n';
  }
  return out;
}

function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
