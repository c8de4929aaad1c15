// Server-side tables and how kubectl prints them: column definitions with priorities, one row of
// cells per object, then NAMESPACE/kind-prefix/LABELS decoration and tabwriter alignment.
// UPSTREAM: pkg/printers/tablegenerator.go, staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go
// SIMPLIFICATION: rows are built in-process; there is no metav1.Table object on the wire.

import type { KubeObject } from '../../api/meta';
import { alignColumns } from './tabwriter';
import { formatLabels } from '../../api/labels';

export interface TableColumn {
  /** As the server names it ('Nominated Node', 'Port(s)'); kubectl upper-cases it. */
  name: string;
  /** 1 = shown only with `-o wide` */
  priority?: 1;
  /** 'name' marks the column that gets the `kind.group/` prefix when several kinds print together */
  format?: 'name';
}

/**
 * What printers.go registers per kind with TableHandler: the columns, and a function from an
 * object to one cell per column. Like the API server, rows are always generated wide (every
 * column); kubectl drops priority columns when printing without `-o wide`.
 */
export interface TableHandler {
  columns: readonly TableColumn[];
  row(obj: KubeObject, nowMs: number): string[];
}

export interface TablePrintOptions {
  wide: boolean;
  noHeaders: boolean;
  /** `-A`: prepend a NAMESPACE column */
  withNamespace: boolean;
  /** `deployment.apps`: prefix the name column with `deployment.apps/` */
  kindPrefix?: string;
  /** `--show-labels`: append a LABELS column */
  showLabels: boolean;
}

/** The aligned text of one kind's table, header first; '' when there are no objects. */
export function printTable(handler: TableHandler, objects: readonly KubeObject[], nowMs: number, options: TablePrintOptions): string {
  if (objects.length === 0) return '';
  const visible = handler.columns.map((c, i) => ({ c, i })).filter(({ c }) => options.wide || !c.priority);
  const lines: string[][] = [];
  if (!options.noHeaders) {
    const header = visible.map(({ c }) => c.name.toUpperCase());
    if (options.withNamespace) header.unshift('NAMESPACE');
    if (options.showLabels) header.push('LABELS');
    lines.push(header);
  }
  for (const obj of objects) {
    const cells = handler.row(obj, nowMs);
    const line = visible.map(({ c, i }) => {
      const cell = escapeCell(cells[i] ?? '');
      return c.format === 'name' && options.kindPrefix ? `${options.kindPrefix}/${cell}` : cell;
    });
    if (options.withNamespace) line.unshift(obj.metadata.namespace ?? '');
    if (options.showLabels) line.push(formatLabels(obj.metadata.labels));
    lines.push(line);
  }
  return alignColumns(lines);
}

/**
 * A cell stops at its first line break (`...` marks the cut) and terminal escapes are made
 * visible, as tableprinter's printRows and WriteEscaped do.
 */
export function escapeCell(cell: string): string {
  let text = cell;
  let truncated = false;
  const cut = text.search(/[\f\n\r]/);
  if (cut >= 0) {
    text = text.slice(0, cut);
    truncated = true;
  }
  text = text.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
  return truncated ? `${text}...` : text;
}
