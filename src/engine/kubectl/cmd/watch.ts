// `kubectl get -w` / `--watch-only` / `--output-watch-events`: the printer state a watch keeps between
// events, the API server's watch filtering (namespace, name, label and field selectors), and a
// session that turns the World's store changes into the lines kubectl prints.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (GetOptions.watch),
// staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go (HumanReadablePrinter.PrintObj: headers
// once, EVENT column), staging/src/k8s.io/apiserver/pkg/storage/cacher (filtered watch events)
// SIMPLIFICATION: events come straight from the store, as each write happens (no watch cache delay,
// no bookmarks, no "too old resource version"); the watch itself is not authorized separately from
// the list; `-o name` ignores --output-watch-events.

import { parseSelector, type Selector } from '../../api/labels';
import type { KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { isCustomResource } from '../../api/discovery';
import { formatLabels } from '../../api/labels';
import type { WatchEventType } from '../../apiserver/store';
import { customResourceTable } from '../printers/customresource';
import { tableHandlerFor } from '../printers/handlers';
import { toKubectlJson, resourceName } from '../printers/json';
import { escapeCell, type TableHandler } from '../printers/table';
import { alignColumns } from '../printers/tabwriter';
import { toKubectlYaml } from '../printers/yaml';
import { fieldSelectorMatches, parseFieldSelector, type FieldSelector } from './field-selector';

export type WatchOutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';

/**
 * What a started `kubectl get -w` watches and how it prints: plain JSON, so the worker can hold it and
 * the CLI can run it. `kubectl get` returns it (CommandOutput.watch) after printing the initial list.
 */
export interface WatchSpec {
  resource: ResourceInfo;
  /** undefined: every namespace (`-A`), or a cluster-scoped kind */
  namespace?: string;
  /** `kubectl get pod web -w`: the watch is for that one object (fieldSelector metadata.name=web) */
  name?: string;
  labelSelector?: string;
  fieldSelector?: string;
  output: WatchOutputFormat;
  noHeaders: boolean;
  showLabels: boolean;
  /** `-A`: the NAMESPACE column */
  withNamespace: boolean;
  /** `--output-watch-events`: an EVENT column (tables), `{type, object}` (yaml, json) */
  outputWatchEvents: boolean;
  /** the printer's state after the initial output: later events continue from it */
  printer: WatchPrinterState;
}

export interface WatchPrinterState {
  /** HumanReadablePrinter.printedHeaders: a table row has been printed, so headers never print again */
  printedHeaders: boolean;
  /** YAMLPrinter.printCount: every document after the first starts with `---` */
  printed: number;
}

/** One event as the watch delivers it: already filtered, DELETED for an object that stopped matching. */
export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/**
 * kubectl's printer for a watch. Every PrintObj is followed by a tabwriter Flush, so a table row
 * printed for an event is aligned on its own, not with the rows above it: real `kubectl get -w`
 * output drifts out of line when a cell is wider than the one above (`ContainerCreating   0   0s`).
 */
export class WatchPrinter {
  private readonly handler: TableHandler | undefined;

  constructor(
    private readonly spec: Omit<WatchSpec, 'printer'>,
    readonly state: WatchPrinterState = { printedHeaders: false, printed: 0 },
  ) {
    if (spec.output === 'table' || spec.output === 'wide') {
      this.handler = isCustomResource(spec.resource) ? customResourceTable(spec.resource) : tableHandlerFor(spec.resource.kind);
    }
  }

  /** The text of one flush: the initial list (all `ADDED`) or a single event. `nowMs` is the event's time (AGE). */
  print(events: readonly WatchEvent[], nowMs: number): string {
    if (events.length === 0) return '';
    switch (this.spec.output) {
      case 'table':
      case 'wide':
        return this.printTable(events, nowMs);
      case 'name':
        return events.map((e) => `${resourceName(withoutManagedFields(e.object))}\n`).join('');
      case 'json':
      case 'yaml': {
        let out = '';
        for (const e of events) {
          const obj = withoutManagedFields(e.object);
          const value = this.spec.outputWatchEvents ? { type: e.type, object: obj } : obj;
          if (this.spec.output === 'json') {
            out += this.spec.outputWatchEvents ? watchEventJson(e.type, obj) : toKubectlJson(value);
            continue;
          }
          this.state.printed++;
          if (this.state.printed > 1) out += '---\n';
          out += toKubectlYaml(value);
        }
        return out;
      }
    }
  }

  private printTable(events: readonly WatchEvent[], nowMs: number): string {
    const handler = this.handler!;
    const wide = this.spec.output === 'wide';
    const visible = handler.columns.map((c, i) => ({ c, i })).filter(({ c }) => wide || !c.priority);
    const lines: string[][] = [];
    // tableprinter.go: headers unless --no-headers or a row was printed before; none for no rows.
    if (!this.spec.noHeaders && !this.state.printedHeaders) {
      const header = visible.map(({ c }) => c.name.toUpperCase());
      if (this.spec.withNamespace) header.unshift('NAMESPACE');
      if (this.spec.showLabels) header.push('LABELS');
      if (this.spec.outputWatchEvents) header.unshift('EVENT');
      lines.push(header);
    }
    this.state.printedHeaders = true;
    for (const { type, object } of events) {
      const cells = handler.row(object, nowMs);
      const line = visible.map(({ i }) => escapeCell(cells[i] ?? ''));
      if (this.spec.withNamespace) line.unshift(object.metadata.namespace ?? '');
      if (this.spec.showLabels) line.push(formatLabels(object.metadata.labels));
      if (this.spec.outputWatchEvents) line.unshift(FORMATTED_EVENT_TYPE[type]);
      lines.push(line);
    }
    return alignColumns(lines);
  }
}

/**
 * `-o json --output-watch-events`: json.MarshalIndent of a metav1.WatchEvent keeps the struct's field
 * order (type, then object), while the object inside, an unstructured map, has its keys sorted.
 */
function watchEventJson(type: WatchEventType, obj: KubeObject): string {
  const inner = toKubectlJson(obj).trimEnd().replaceAll('\n', '\n    ');
  return `{\n    "type": "${type}",\n    "object": ${inner}\n}\n`;
}

/** tableprinter.go formattedEventType: padded to one width. */
const FORMATTED_EVENT_TYPE: Record<WatchEventType, string> = {
  ADDED: 'ADDED   ',
  MODIFIED: 'MODIFIED',
  DELETED: 'DELETED ',
};

/** kubectl hides metadata.managedFields unless --show-managed-fields. */
function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata.managedFields) return obj;
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The watch's filter: which objects of the store the request selects. */
export class WatchFilter {
  private readonly labels: Selector | undefined;
  private readonly fields: FieldSelector | undefined;

  constructor(private readonly spec: Pick<WatchSpec, 'resource' | 'namespace' | 'name' | 'labelSelector' | 'fieldSelector'>) {
    // runGet validated both selectors before the watch started.
    const sel = spec.labelSelector !== undefined ? parseSelector(spec.labelSelector) : undefined;
    this.labels = sel?.ok ? sel.selector : undefined;
    const fs = spec.fieldSelector !== undefined ? parseFieldSelector(spec.fieldSelector) : undefined;
    this.fields = fs?.ok ? fs.selector : undefined;
  }

  matches(resource: string, obj: KubeObject | undefined): boolean {
    if (!obj) return false;
    const r = this.spec.resource;
    if (resource !== r.resource || groupOf(obj.apiVersion) !== r.group) return false;
    if (this.spec.namespace !== undefined && r.namespaced && obj.metadata.namespace !== this.spec.namespace) return false;
    if (this.spec.name !== undefined && obj.metadata.name !== this.spec.name) return false;
    if (this.labels && !this.labels.matches(obj.metadata.labels)) return false;
    if (this.fields && !fieldSelectorMatches(r, this.fields, obj)) return false;
    return true;
  }

  /**
   * The event a filtered watch delivers for one store change, as the watch cache does: an update that
   * makes an object match is ADDED, one that makes it stop matching is DELETED (with the new state).
   */
  eventFor(rec: { type: WatchEventType; resource: string; object: KubeObject; oldObject?: KubeObject }): WatchEvent | undefined {
    const now = this.matches(rec.resource, rec.object);
    if (rec.type !== 'MODIFIED') return now ? { type: rec.type, object: rec.object } : undefined;
    const before = this.matches(rec.resource, rec.oldObject);
    if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: rec.object };
    return before ? { type: 'DELETED', object: rec.object } : undefined;
  }
}

/** What a watch session needs of the cluster: its store changes in order, and the simulated time. */
export interface WatchSource {
  onWatch(handler: (rec: { type: WatchEventType; resource: string; object: KubeObject; oldObject?: KubeObject }) => void): () => void;
  /** simulated ms since the cluster started */
  now(): number;
  /** wall-clock-like epoch ms at simulated time 0 (AGE columns) */
  readonly creationEpochMs: number;
}

/**
 * Run a `kubectl get -w` after its initial output: every store change the watch selects is printed
 * (one flush each) and handed to `emit` at the moment it happens, so AGE is the event's age.
 * Returns the function that stops the watch (Ctrl+C).
 */
export function startKubectlWatch(source: WatchSource, spec: WatchSpec, emit: (text: string) => void): () => void {
  const filter = new WatchFilter(spec);
  const printer = new WatchPrinter(spec, { ...spec.printer });
  return source.onWatch((rec) => {
    const event = filter.eventFor(rec);
    if (!event) return;
    const text = printer.print([event], source.creationEpochMs + source.now());
    if (text) emit(text);
  });
}
