// `kubectl get hpa`: REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
// UPSTREAM: pkg/printers/internalversion/printers.go (printHorizontalPodAutoscaler, formatHPAMetrics)
// SIMPLIFICATION: Resource and ContainerResource metrics are spelled out; Pods, Object and External
// metrics print their raw target quantities.

import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

/** TARGETS: `cpu: 0%/50%` per metric (current `<unknown>` until measured), two at most then ` + N more...`. */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => {
    const status = statuses?.[i];
    switch (spec.type) {
      case 'Resource':
      case 'ContainerResource': {
        const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const current = spec.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
        const target = source?.target;
        if (target?.averageValue !== undefined) {
          return `${source?.name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`;
        }
        const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
        const tgt = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
        return `${source?.name}: ${cur}/${tgt}`;
      }
      case 'Pods':
        return `${status?.pods?.current.averageValue ?? '<unknown>'}/${spec.pods?.target.averageValue ?? ''}`;
      case 'Object':
        return `${status?.object?.current.value ?? '<unknown>'}/${spec.object?.target.value ?? ''}`;
      case 'External':
        return `${status?.external?.current.value ?? '<unknown>'}/${spec.external?.target.value ?? ''}`;
      default:
        return '<unknown type>';
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalerTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Reference' },
    { name: 'Targets' },
    { name: 'MinPods' },
    { name: 'MaxPods' },
    { name: 'Replicas' },
    { name: 'Age' },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const hpa = obj as unknown as HorizontalPodAutoscaler;
    const ref = hpa.spec?.scaleTargetRef;
    return [
      obj.metadata.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      hpa.spec?.minReplicas != null ? String(hpa.spec.minReplicas) : '<unset>',
      String(hpa.spec?.maxReplicas ?? 0),
      String(hpa.status?.currentReplicas ?? 0),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
    ];
  },
};
