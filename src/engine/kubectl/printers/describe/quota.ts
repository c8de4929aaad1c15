// `kubectl describe resourcequota` and `kubectl describe limitrange`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (DescribeResourceQuota,
//           helpTextForResourceQuotaScope, describeLimitRange)
// SIMPLIFICATION: a LimitRange item's resources print in name order (Go ranges over a map); the quota's
// scopeSelector is not printed (kubectl prints only spec.scopes).

import type { KubeObject } from '../../../api/meta';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './tabwriter';

interface QuotaLike extends KubeObject {
  spec?: { scopes?: string[] };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}
interface LimitRangeLike extends KubeObject {
  spec?: { limits?: Array<{ type: string } & Partial<Record<'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Record<string, string>>>> };
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

export function describeResourceQuota(q: QuotaLike): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
  const scopes = [...(q.spec?.scopes ?? [])].sort();
  if (scopes.length) {
    w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
  }
  w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
  w.write(LEVEL_0, '--------\t----\t----\n');
  const hard = q.status?.hard ?? {};
  for (const name of Object.keys(hard).sort()) w.write(LEVEL_0, `${name}\t${q.status?.used?.[name] ?? '0'}\t${hard[name]}\n`);
  return w.toString();
}

/** DescribeResourceQuotas: the quotas of a namespace in `kubectl describe namespace`, by name. */
export function describeResourceQuotas(w: PrefixWriter, quotas: readonly QuotaLike[]): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort();
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    for (const name of Object.keys(hard).sort()) w.write(LEVEL_1, `${name}\t${q.status?.used?.[name] ?? '0'}\t${hard[name]}\n`);
  }
}

/** DescribeLimitRanges: the limit ranges of a namespace in `kubectl describe namespace`. */
export function describeLimitRanges(w: PrefixWriter, ranges: readonly LimitRangeLike[]): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) limitRows(w, lr, ' ');
}

function limitRows(w: PrefixWriter, lr: LimitRangeLike, prefix: string): void {
  for (const item of lr.spec?.limits ?? []) {
    const names = new Set([item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio].flatMap((m) => Object.keys(m ?? {})));
    const cell = (m: Record<string, string> | undefined, k: string) => m?.[k] ?? '-';
    for (const k of [...names].sort()) {
      w.write(LEVEL_0, `${prefix}${item.type}\t${k}\t${cell(item.min, k)}\t${cell(item.max, k)}\t${cell(item.defaultRequest, k)}\t${cell(item.default, k)}\t${cell(item.maxLimitRequestRatio, k)}\n`);
    }
  }
}

export function describeLimitRange(lr: LimitRangeLike): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  limitRows(w, lr, '');
  return w.toString();
}
