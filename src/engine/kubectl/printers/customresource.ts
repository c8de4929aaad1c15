// The table of a custom kind: Name, then the version's additionalPrinterColumns (a CRD without any
// gets the defaulted Age column), as the apiextensions API server's table convertor builds it.
// UPSTREAM: staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor/tableconvertor.go
// SIMPLIFICATION: a column whose path finds nothing prints <none>; priority > 0 columns show with -o wide.

import type { KubeObject } from '../../api/meta';
import { customVersion, type CustomResourceInfo, type PrinterColumn } from '../../api/discovery';
import { translateTimestampSince } from '../duration';
import { findResults, goJson, goPrint, JsonPathError, parseJsonPath, type JsonPath } from './jsonpath';
import type { TableColumn, TableHandler } from './table';

/** The CRD defaulting of an empty additionalPrinterColumns list. */
const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

export function printerColumnsOf(resource: CustomResourceInfo): PrinterColumn[] {
  const cols = customVersion(resource)?.additionalPrinterColumns ?? [];
  return cols.length ? cols : [AGE_COLUMN];
}

function compile(jsonPath: string): JsonPath | undefined {
  try {
    return parseJsonPath(`{${jsonPath}}`);
  } catch (e) {
    if (e instanceof JsonPathError) return undefined;
    throw e;
  }
}

/** One cell: the first result; dates as an age; maps and lists as JSON. */
function cell(col: PrinterColumn, path: JsonPath | undefined, obj: KubeObject, nowMs: number): string {
  if (!path) return '<none>';
  let results: unknown[][];
  try {
    results = findResults(path, obj, { allowMissingKeys: true });
  } catch {
    return '<none>';
  }
  const v = results[0]?.[0];
  if (v === undefined || v === null) return '<none>';
  if (col.type === 'date' && typeof v === 'string') return translateTimestampSince(v, nowMs);
  return typeof v === 'object' ? goJson(v) : goPrint(v);
}

export function customResourceTable(resource: CustomResourceInfo): TableHandler {
  const cols = printerColumnsOf(resource);
  const paths = cols.map((c) => compile(c.jsonPath));
  const columns: TableColumn[] = [{ name: 'Name', format: 'name' }, ...cols.map((c): TableColumn => (c.priority ? { name: c.name, priority: 1 } : { name: c.name }))];
  return {
    columns,
    row: (obj, nowMs) => [obj.metadata.name ?? '', ...cols.map((c, i) => cell(c, paths[i], obj, nowMs))],
  };
}
