// Go's text/tabwriter as `kubectl describe` configures it: minwidth 0, tabwidth 8, padding 2,
// padchar ' ', no flags. Cells end at '\t'; a line's last cell is never padded; a column's width
// is set per *block* of consecutive lines that have a cell in that column, so a line without tabs
// (`Containers:`) ends every block above it.
// UPSTREAM: src/text/tabwriter/tabwriter.go (Writer.format, writeLines),
// staging/src/k8s.io/kubectl/pkg/describe/describe.go (tabbedString, PrefixWriter)

const PADDING = 2;

/** Align a text whose cells are separated by tabs, exactly as Go's tabwriter would. */
export function tabbedString(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let line = '';
      for (let j = 0; j < cells.length; j++) {
        const cell = cells[j];
        line += cell;
        if (j < widths.length && j < cells.length - 1) line += ' '.repeat(Math.max(0, widths[j] - runeLength(cell)));
      }
      out.push(line);
    }
  };

  // Mirrors Writer.format: find the next block with a cell in `column`, size it, recurse right.
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current].length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = 0;
      for (; current < line1; current++) {
        const cells = lines[current];
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeLength(cells[column]) + PADDING);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current; // the line that ended the block has no cell here, so the loop may skip it
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** describe.go's PrefixWriter: each level indents two spaces; text keeps its tabs for tabbedString. */
export class PrefixWriter {
  private text = '';

  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }

  /** The text as written, tabs unaligned (what `kubectl rollout history --revision` prints). */
  rawText(): string {
    return this.text;
  }

  /** The aligned result. */
  toString(): string {
    return tabbedString(this.text);
  }
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;
