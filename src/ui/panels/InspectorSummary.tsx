// The inspector's Summary tab: the key facts of one view, as `kubectl describe` would lead with
// them. Reads only the view it is given; references (node, owner, endpoints) select on click.

import type { ReactNode } from 'react';
import type { ObjectRef } from '../../engine/api/meta';
import type { ContainerView, NodeView, ObjectView, PodView, ServiceView } from '../../worker/protocol';
import { useT } from '../i18n/use-t';
import { phaseTone } from '../canvas/phase';
import { formatCpu, formatMemory, percent, statusTone, type Tone } from './inspector-model';
import { useClusterStore } from '../stores/cluster-store';
import { traceActions } from '../stores/trace-store';
import { uiStore } from '../stores/ui-store';
import { servicePort } from './packet-model';
import { HpaSummary, WorkloadLoad } from './InspectorLoad';

type T = ReturnType<typeof useT>;

export function StatusBadge({ status, deleting, tone: given }: { status: string; deleting?: boolean; tone?: Tone }) {
  const tone = given ?? statusTone(status, deleting);
  return (
    <span className={`status-badge tone-${tone}`} data-tone={tone}>
      {status}
    </span>
  );
}

function Fact({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </>
  );
}

function RefLink({ target, onSelect, children }: { target: ObjectRef; onSelect: (r: ObjectRef) => void; children: ReactNode }) {
  return (
    <button type="button" className="ref-link mono" onClick={() => onSelect(target)}>
      {children}
    </button>
  );
}

function Labels({ labels, t }: { labels: Record<string, string>; t: T }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">{t('inspector.none')}</span>;
  return (
    <span className="insp-chips">
      {entries.map(([k, v]) => (
        <span className="insp-chip mono" key={k}>
          {k}={v}
        </span>
      ))}
    </span>
  );
}

function ContainerRow({ c, t }: { c: ContainerView; t: T }) {
  const stateWord = c.reason ?? (c.state === 'running' ? 'Running' : c.state === 'waiting' ? 'Waiting' : 'Terminated');
  return (
    <li className={`container-row type-${c.type}`}>
      <span className="mono container-name">{c.name}</span>
      {c.type !== 'app' && (
        <span className="muted container-type">{c.type === 'sandbox' ? t('inspector.sandbox') : t('inspector.init')}</span>
      )}
      <StatusBadge status={stateWord} />
      {c.type !== 'sandbox' && (
        <span className="muted">
          {c.ready ? t('inspector.containerReady') : t('inspector.containerNotReady')}
          {c.restartCount > 0 ? `, ${t('inspector.containerRestarts', { count: c.restartCount })}` : ''}
        </span>
      )}
      <span className="mono container-image">{c.image}</span>
      {c.lastExitCode !== undefined && (
        <span className="muted container-last" data-testid={`container-last-${c.name}`}>
          {t('inspector.lastTerminated', { reason: c.lastReason ?? 'Error', code: c.lastExitCode })}
        </span>
      )}
      {c.message && (
        <span className="container-message mono" data-testid={`container-message-${c.name}`}>
          {c.message}
        </span>
      )}
    </li>
  );
}

/** Open the Packets tab with its form filled in. */
function sendPacket(draft: Parameters<typeof traceActions.prefill>[0]): void {
  traceActions.prefill(draft);
  uiStore.getState().setDockTab('packets');
}

/** "Send a packet from this pod" / "…to this pod": only once the pod has an IP to send from or to. */
function PodPacketButtons({ v, t }: { v: PodView; t: T }) {
  if (!v.podIP || v.deleting) return null;
  return (
    <div className="insp-packet-actions">
      <button type="button" className="btn" data-testid="insp-send-from" title={t('pk.sendTitle')} onClick={() => sendPacket({ source: `pod:${v.key}` })}>
        {t('pk.sendFrom')}
      </button>
      <button type="button" className="btn" data-testid="insp-send-to" title={t('pk.sendTitle')} onClick={() => sendPacket({ destination: v.podIP })}>
        {t('pk.sendTo')}
      </button>
    </div>
  );
}

function PodSummary({ v, t, onSelect }: { v: PodView; t: T; onSelect: (r: ObjectRef) => void }) {
  return (
    <>
      <PodPacketButtons v={v} t={t} />
      <dl className="facts">
        <Fact label={t('inspector.status')}>
          <StatusBadge status={v.status} tone={phaseTone(v)} />
          {/* the phase only when the STATUS column says something else (ContainerCreating, Terminating...) */}
          {v.status !== v.phase && <span className="muted mono"> ({v.phase})</span>}
        </Fact>
        <Fact label={t('inspector.ready')} mono>
          {v.ready}
        </Fact>
        <Fact label={t('inspector.node')}>
          {v.nodeName ? (
            <RefLink target={{ kind: 'Node', name: v.nodeName }} onSelect={onSelect}>
              {v.nodeName}
            </RefLink>
          ) : (
            <span className="muted">{t('inspector.none')}</span>
          )}
        </Fact>
        <Fact label={t('inspector.ip')} mono>
          {v.podIP ?? t('inspector.none')}
        </Fact>
        <Fact label={t('inspector.owner')}>
          {v.owner ? (
            <RefLink target={{ kind: v.owner.kind, namespace: v.namespace, name: v.owner.name }} onSelect={onSelect}>
              {v.owner.kind}/{v.owner.name}
            </RefLink>
          ) : (
            <span className="muted">{t('inspector.none')}</span>
          )}
        </Fact>
        <Fact label={t('inspector.restarts')} mono>
          {v.restarts}
        </Fact>
        <Fact label={t('inspector.requests')} mono>
          cpu {formatCpu(v.cpuMillis)}, memory {formatMemory(v.memoryBytes)}
        </Fact>
        <Fact label={t('inspector.labels')}>
          <Labels labels={v.labels} t={t} />
        </Fact>
      </dl>
      {v.schedulingMessage && (
        <div className="callout warning">
          <div className="callout-title">{t('inspector.scheduling')}</div>
          <div className="mono">{v.schedulingMessage}</div>
          {v.nominatedNodeName && <div>{t('inspector.nominated', { node: v.nominatedNodeName })}</div>}
        </div>
      )}
      <h4>{t('inspector.containers')}</h4>
      <ul className="containers">
        {v.containers.map((c) => (
          <ContainerRow key={`${c.type}:${c.name}`} c={c} t={t} />
        ))}
      </ul>
    </>
  );
}

function ResourceBar({ name, used, total, fmt }: { name: string; used: number; total: number; fmt: (n: number) => string }) {
  const p = percent(used, total);
  return (
    <div className="resource-bar" title={`${name}: ${fmt(used)} / ${fmt(total)} (${p}%)`}>
      <span className="mono resource-name">{name}</span>
      <span className="bar">
        <span className={`fill${p >= 90 ? ' high' : ''}`} style={{ width: `${Math.min(100, p)}%` }} />
      </span>
      <span className="mono resource-value">
        {fmt(used)} / {fmt(total)} ({p}%)
      </span>
    </div>
  );
}

function NodeSummary({ v, t }: { v: NodeView; t: T }) {
  // As `kubectl get nodes` prints it: Ready=False and Ready=Unknown are both NotReady.
  const ready = v.ready === 'True' ? 'Ready' : 'NotReady';
  const cni = useClusterStore((s) => s.settings?.cni ?? 'flannel-vxlan');
  const routed = cni === 'calico-bgp' || cni === 'calico-ipip' || cni === 'canal';
  return (
    <>
      <dl className="facts">
        <Fact label={t('inspector.status')}>
          <StatusBadge status={ready} />
          {v.unschedulable && <span className="muted"> {t('inspector.unschedulable')}</span>}
          {v.stopped && <span className="muted"> {t('node.stopped')}</span>}
        </Fact>
        <Fact label={t('inspector.roles')} mono>
          {v.roles.length ? v.roles.join(',') : t('inspector.none')}
        </Fact>
        <Fact label={t('inspector.internalIP')} mono>
          {v.internalIP}
        </Fact>
        <Fact label={t('inspector.podCIDR')} mono>
          {v.podCIDR}
        </Fact>
        <Fact label={routed ? t('inspector.podGateway') : t('inspector.bridge')} mono>
          {routed ? '169.254.1.1 (cali*)' : v.bridgeIP}
        </Fact>
        <Fact label={t('inspector.kubelet')} mono>
          {v.kubeletVersion}
        </Fact>
        <Fact label={t('inspector.taints')} mono>
          {v.taints.length ? (
            <span className="stack">
              {v.taints.map((x) => (
                <span key={x}>{x}</span>
              ))}
            </span>
          ) : (
            t('inspector.none')
          )}
        </Fact>
        <Fact label={t('inspector.conditions')} mono>
          Ready={v.ready}
        </Fact>
      </dl>
      <h4>{t('inspector.resources')}</h4>
      <div className="resources">
        <ResourceBar name="cpu" used={v.requested.cpuMillis} total={v.allocatable.cpuMillis} fmt={formatCpu} />
        <ResourceBar name="memory" used={v.requested.memoryBytes} total={v.allocatable.memoryBytes} fmt={formatMemory} />
        <ResourceBar name="pods" used={v.requested.pods} total={v.allocatable.pods} fmt={String} />
      </div>
    </>
  );
}

function ServicePacketButton({ v, t }: { v: ServiceView; t: T }) {
  const port = servicePort(v.ports);
  const destination = v.namespace === 'default' ? v.name : `${v.name}.${v.namespace}`;
  return (
    <div className="insp-packet-actions">
      <button
        type="button"
        className="btn"
        data-testid="insp-send-to-service"
        title={t('pk.sendTitle')}
        onClick={() => sendPacket({ destination, ...(port ? { port: port.port, protocol: port.protocol } : {}) })}
      >
        {t('pk.sendToService')}
      </button>
    </div>
  );
}

function ServiceSummary({ v, t, onSelect }: { v: ServiceView; t: T; onSelect: (r: ObjectRef) => void }) {
  return (
    <>
      <ServicePacketButton v={v} t={t} />
      <dl className="facts">
        <Fact label={t('inspector.type')} mono>
          {v.type}
        </Fact>
        <Fact label={t('inspector.clusterIP')} mono>
          {v.clusterIP}
        </Fact>
        <Fact label={t('inspector.ports')} mono>
          {v.ports || t('inspector.none')}
        </Fact>
        <Fact label={t('inspector.selector')}>
          <Labels labels={v.selector} t={t} />
        </Fact>
      </dl>
      <h4>{t('inspector.endpoints')}</h4>
      {v.endpoints.length === 0 ? (
        <div className="muted mono">{t('inspector.none')}</div>
      ) : (
        <ul className="endpoints">
          {v.endpoints.map((e) => {
            const slash = e.podKey?.indexOf('/') ?? -1;
            const podRef: ObjectRef | undefined = e.podKey
              ? slash < 0
                ? { kind: 'Pod', name: e.podKey }
                : { kind: 'Pod', namespace: e.podKey.slice(0, slash), name: e.podKey.slice(slash + 1) }
              : undefined;
            return (
              <li key={e.ip} className={e.ready ? 'ready' : 'not-ready'}>
                <span className="mono">{e.ip}</span>
                {podRef && (
                  <RefLink target={podRef} onSelect={onSelect}>
                    pod/{podRef.name}
                  </RefLink>
                )}
                {e.nodeName && <span className="muted mono">{e.nodeName}</span>}
                {!e.ready && <span className="status-badge tone-pending">{t('inspector.notReady')}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export function InspectorSummary({ view, onSelect }: { view: ObjectView; onSelect: (r: ObjectRef) => void }) {
  const t = useT();
  switch (view.kind) {
    case 'Pod':
      return <PodSummary v={view} t={t} onSelect={onSelect} />;
    case 'Node':
      return <NodeSummary v={view} t={t} />;
    case 'Service':
      return <ServiceSummary v={view} t={t} onSelect={onSelect} />;
    case 'Deployment':
      return (
        <>
          <dl className="facts">
            <Fact label={t('inspector.replicas')} mono>
              {t('inspector.replicasLine', {
                desired: view.replicas,
                updated: view.updatedReplicas,
                ready: view.readyReplicas,
                available: view.availableReplicas,
              })}
            </Fact>
          </dl>
          <WorkloadLoad key={view.key} view={view} onSelect={onSelect} />
        </>
      );
    case 'ReplicaSet':
      return (
        <>
          <dl className="facts">
            <Fact label={t('inspector.replicas')} mono>
              {t('inspector.rsReplicasLine', { desired: view.replicas, ready: view.readyReplicas })}
            </Fact>
            <Fact label={t('inspector.owner')}>
              {view.owner ? (
                <RefLink target={{ kind: view.owner.kind, namespace: view.namespace, name: view.owner.name }} onSelect={onSelect}>
                  {view.owner.kind}/{view.owner.name}
                </RefLink>
              ) : (
                <span className="muted">{t('inspector.none')}</span>
              )}
            </Fact>
          </dl>
          <WorkloadLoad key={view.key} view={view} onSelect={onSelect} />
        </>
      );
    case 'DaemonSet':
      return (
        <>
          <dl className="facts">
            <Fact label={t('inspector.replicas')} mono>
              {t('inspector.rsReplicasLine', { desired: view.desired, ready: view.ready })}
            </Fact>
          </dl>
          <WorkloadLoad key={view.key} view={view} onSelect={onSelect} />
        </>
      );
    case 'StatefulSet':
      return (
        <>
          <dl className="facts">
            <Fact label={t('inspector.replicas')} mono>
              {t('inspector.rsReplicasLine', { desired: view.replicas, ready: view.ready })}
            </Fact>
          </dl>
          <WorkloadLoad key={view.key} view={view} onSelect={onSelect} />
        </>
      );
    case 'HorizontalPodAutoscaler':
      return <HpaSummary v={view} onSelect={onSelect} />;
  }
}
