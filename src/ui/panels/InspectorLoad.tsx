// The inspector's Load control for a workload (Deployment, ReplicaSet, StatefulSet, DaemonSet): a
// slider that puts simulated requests/s on it (the `setLoad` command), the CPU its pods use now, and
// the HorizontalPodAutoscaler that scales it: utilisation against target, replicas, its condition.

import { useRef, useState, type ChangeEvent } from 'react';
import type { ObjectRef } from '../../engine/api/meta';
import type { HorizontalPodAutoscalerView } from '../../worker/protocol';
import { KubectlLine } from '../app/KubectlLine';
import { kubectlEquivalent } from '../app/kubectl-equivalent';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { formatCpu } from './inspector-model';
import {
  hpaFor, isScalable, leadingCondition, LOAD_STEP_RPS, loadOf, MAX_LOAD_RPS, utilization, workloadRef, workloadUsage, type WorkloadView,
} from './load-model';
import { useShallow } from 'zustand/react/shallow';

type T = ReturnType<typeof useT>;

/**
 * Sends the slider's value; while a request is in flight the newest value waits and goes next, so
 * dragging never queues up a backlog of stale loads.
 */
function useSetLoad(view: WorkloadView) {
  const inflight = useRef(false);
  const queued = useRef<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<number | null>(null);
  const send = async (rps: number) => {
    setDraft(rps);
    if (inflight.current) {
      queued.current = rps;
      return;
    }
    inflight.current = true;
    let next: number | null = rps;
    while (next !== null) {
      queued.current = null;
      try {
        const reply = await engineClient.request({ kind: 'setLoad', workload: workloadRef(view), rps: next });
        if (reply.kind === 'error') setError(reply.message);
        else setError(reply.ok ? null : reply.message);
      } catch (err) {
        setError(String(err));
      }
      next = queued.current;
    }
    inflight.current = false;
    // The delta with the new load arrived before the reply: the store shows it from here on.
    setDraft(null);
  };
  return { send, draft, error };
}

function HpaLine({ hpa, t, onSelect }: { hpa: HorizontalPodAutoscalerView; t: T; onSelect: (r: ObjectRef) => void }) {
  const cond = leadingCondition(hpa);
  const condTone = cond?.status === 'False' && cond.type !== 'ScalingLimited' ? 'failed' : cond?.type === 'ScalingActive' ? 'running' : 'pending';
  const over = hpa.cpu?.currentUtilization !== undefined && hpa.cpu.currentUtilization > hpa.cpu.targetUtilization;
  return (
    <div className="insp-hpa" data-testid="insp-hpa">
      <div className="insp-hpa-head">
        <span className="muted">{t('load.hpa')}</span>
        <button type="button" className="ref-link mono" onClick={() => onSelect({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: hpa.namespace, name: hpa.name })}>
          {hpa.name}
        </button>
      </div>
      <div className="insp-hpa-row mono" data-testid="insp-hpa-cpu" title={`kubectl get hpa: TARGETS ${hpa.targets}`}>
        {hpa.cpu ? (
          <span className={over ? 'insp-hpa-over' : undefined}>
            {t('load.hpaCpu', { current: hpa.cpu.currentUtilization !== undefined ? `${hpa.cpu.currentUtilization}%` : '<unknown>', target: `${hpa.cpu.targetUtilization}%` })}
          </span>
        ) : (
          hpa.targets
        )}
      </div>
      <div className="insp-hpa-row mono" data-testid="insp-hpa-replicas" data-current={hpa.currentReplicas} data-desired={hpa.desiredReplicas}>
        {t('load.hpaReplicas', { current: hpa.currentReplicas, desired: hpa.desiredReplicas, min: hpa.minReplicas, max: hpa.maxReplicas })}
      </div>
      {cond && (
        <div className="insp-hpa-cond" data-testid="insp-hpa-condition" data-type={cond.type} data-status={cond.status}>
          <span className={`mono insp-hpa-cond-type tone-${condTone}`}>
            {cond.type}={cond.status}
          </span>{' '}
          <span className="mono muted">{cond.reason}</span>
          <div>{cond.message}</div>
        </div>
      )}
    </div>
  );
}

/** The HPA's own summary (selected from the workload's HPA line or the Related tab). */
export function HpaSummary({ v, onSelect }: { v: HorizontalPodAutoscalerView; onSelect: (r: ObjectRef) => void }) {
  const t = useT();
  return (
    <>
      <dl className="facts">
        <dt>{t('inspector.hpaTarget')}</dt>
        <dd>
          <button type="button" className="ref-link mono" onClick={() => onSelect({ kind: v.target.kind, namespace: v.namespace, name: v.target.name })}>
            {v.target.kind}/{v.target.name}
          </button>
        </dd>
      </dl>
      <HpaLine hpa={v} t={t} onSelect={onSelect} />
    </>
  );
}

export function WorkloadLoad({ view, onSelect }: { view: WorkloadView; onSelect: (r: ObjectRef) => void }) {
  const t = useT();
  const ref = workloadRef(view);
  const stored = useClusterStore((s) => loadOf(s.metrics.loads, ref));
  const hpa = useClusterStore((s) => hpaFor(s.objects, ref));
  const usage = useClusterStore(useShallow((s) => workloadUsage(s.objects, s.metrics, view)));
  const { send, draft, error } = useSetLoad(view);
  const rps = draft ?? stored;
  const pct = utilization(usage.cpuMillis, usage.requestMillis);
  const kindArg = view.kind.toLowerCase();
  return (
    <section className="insp-load" data-testid="insp-load">
      <div className="insp-load-head">
        <h4>{t('load.title')}</h4>
        <output className="mono insp-load-value" data-testid="load-value" data-rps={rps}>
          {rps > 0 ? t('load.rps', { rps }) : t('load.off')}
        </output>
      </div>
      <input
        type="range"
        className="insp-load-slider"
        data-testid="load-slider"
        min={0}
        max={MAX_LOAD_RPS}
        step={LOAD_STEP_RPS}
        value={rps}
        aria-label={t('load.slider', { name: view.name })}
        aria-valuetext={t('load.rps', { rps })}
        onChange={(e: ChangeEvent<HTMLInputElement>) => void send(Number(e.target.value))}
      />
      <div className="insp-load-scale mono muted" aria-hidden>
        <span>0</span>
        <span>{MAX_LOAD_RPS}</span>
      </div>
      <p className="insp-load-explain muted">{t('load.explain')}</p>
      <KubectlLine eq={kubectlEquivalent({ type: 'setLoad', kind: view.kind, namespace: view.namespace, name: view.name, rps })} />
      {error && <div className="inspector-note error">{t('load.failed', { message: error })}</div>}
      <div className="insp-load-usage" data-testid="load-usage">
        {usage.measured > 0 && usage.requestMillis > 0
          ? t('load.usage', { cpu: formatCpu(usage.cpuMillis), request: formatCpu(usage.requestMillis), pods: usage.measured, pct: pct ?? 0 })
          : t('load.usageNone')}
      </div>
      {hpa ? (
        <HpaLine hpa={hpa} t={t} onSelect={onSelect} />
      ) : isScalable(view.kind) ? (
        <div className="insp-hpa-none" data-testid="insp-hpa-none">
          <span className="muted">{t('load.noHpa', { kind: view.kind })}</span>
          <code className="mono insp-hpa-cmd">
            kubectl autoscale {kindArg} {view.name} --cpu-percent=50 --min=1 --max=6
          </code>
        </div>
      ) : (
        <div className="insp-hpa-none muted">{t('load.noHpaDaemonSet')}</div>
      )}
    </section>
  );
}
