// `kubectl describe hpa`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeHorizontalPodAutoscalerV2,
//           printDirectionBehavior)
// SIMPLIFICATION: Pods, Object and External metrics print their targets only as the v2 describer
// would with no current value.

import type { HorizontalPodAutoscaler, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import type { Event } from 'kubernetes-types/core/v1';
import { describeEvents, formatRFC1123Z, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from './tabwriter';

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies ?? []) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = hpa.spec;
  const status = hpa.status;
  w.write(LEVEL_0, `Name:\t${hpa.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${hpa.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(hpa.metadata?.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Reference:\t${spec?.scaleTargetRef.kind ?? ''}/${spec?.scaleTargetRef.name ?? ''}\n`);
  w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
  (spec?.metrics ?? []).forEach((metric, i) => {
    const cur = status?.currentMetrics?.[i];
    switch (metric.type) {
      case 'External': {
        const e = metric.external!;
        if (e.target.averageValue !== undefined) {
          w.write(LEVEL_1, `"${e.metric.name}" (target average value):\t${cur?.external?.current.averageValue ?? '<unknown>'} / ${e.target.averageValue}\n`);
        } else {
          w.write(LEVEL_1, `"${e.metric.name}" (target value):\t${cur?.external?.current.value ?? '<unknown>'} / ${e.target.value ?? ''}\n`);
        }
        break;
      }
      case 'Pods': {
        const p = metric.pods!;
        w.write(LEVEL_1, `"${p.metric.name}" on pods:\t${cur?.pods?.current.averageValue ?? '<unknown>'} / ${p.target.averageValue ?? ''}\n`);
        break;
      }
      case 'Object': {
        const o = metric.object!;
        const what = `"${o.metric.name}" on ${o.describedObject.kind}/${o.describedObject.name}`;
        if (o.target.type === 'AverageValue') {
          w.write(LEVEL_1, `${what} (target average value):\t${cur?.object?.current.averageValue ?? '<unknown>'} / ${o.target.averageValue ?? ''}\n`);
        } else {
          w.write(LEVEL_1, `${what} (target value):\t${cur?.object?.current.value ?? '<unknown>'} / ${o.target.value ?? ''}\n`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const isContainer = metric.type === 'ContainerResource';
        const source = isContainer ? metric.containerResource! : metric.resource!;
        const current = isContainer ? cur?.containerResource?.current : cur?.resource?.current;
        const on = isContainer ? `resource ${source.name} of container "${metric.containerResource!.container}" on pods` : `resource ${source.name} on pods`;
        if (source.target.averageValue !== undefined) {
          w.write(LEVEL_1, `${on}:\t${current?.averageValue ?? '<unknown>'} / ${source.target.averageValue}\n`);
        } else {
          const c = current?.averageUtilization !== undefined ? `${current.averageUtilization}% (${current.averageValue ?? '0'})` : '<unknown>';
          const t = source.target.averageUtilization !== undefined ? `${source.target.averageUtilization}%` : '<auto>';
          w.write(LEVEL_1, `${on}  (as a percentage of request):\t${c} / ${t}\n`);
        }
        break;
      }
      default:
        w.write(LEVEL_1, `<unknown metric type ${String(metric.type)}>\n`);
    }
  });
  w.write(LEVEL_0, `Min replicas:\t${spec?.minReplicas !== undefined ? String(spec.minReplicas) : '<unset>'}\n`);
  w.write(LEVEL_0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
  if (spec?.behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(LEVEL_0, `${spec?.scaleTargetRef.kind ?? ''} pods:\t`);
  w.write(LEVEL_0, `${status?.currentReplicas ?? 0} current / ${status?.desiredReplicas ?? 0} desired\n`);
  if ((status?.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of status!.conditions!) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}
