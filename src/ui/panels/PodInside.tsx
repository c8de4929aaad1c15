// The open-pod view: what one pod is on the inside, as the seed notes draw it. The pause (infra)
// container holds the network, IPC and UTS namespaces (and PID with shareProcessNamespace) that
// every container joins; each container keeps its own mount namespace; one IP and one port space,
// so containers talk over localhost; volumes mounted into the containers, with how long their data
// lives. Fetched read-only (`podInside`) and refreshed when the pod changes.

import { useEffect, useRef, useState } from 'react';
import type { PodInsideView } from '../../engine/api/pod-inside';
import { viewId, type ObjectView } from '../../worker/protocol';
import { OverlayDialog } from '../app/OverlayDialog';
import { engineClient } from '../bridge/engine-client';
import { useClusterStore } from '../stores/cluster-store';
import { useUiStore } from '../stores/ui-store';
import { insideText, type InsideMessageId } from './pod-inside-messages';
import { localhostPorts, mountsOf, portClashes } from './pod-inside-model';
import { closePodInside, usePodInside } from './pod-inside-store';
import './PodInside.css';

function usePodInsideView(podKey: string, rv: string | undefined) {
  const [state, setState] = useState<{ key: string; view: PodInsideView | null } | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    engineClient.request({ kind: 'podInside', podKey }).then(
      (reply) => {
        if (mine === seq.current) setState({ key: podKey, view: reply.kind === 'podInside' ? (reply.view ?? null) : null });
      },
      () => {
        if (mine === seq.current) setState({ key: podKey, view: null });
      },
    );
  }, [podKey, rv]);
  return state && state.key === podKey ? state : undefined;
}

/** Mounted once (App): shows the dialog while a pod is open. */
export function PodInsideHost() {
  const podKey = usePodInside();
  return podKey ? <PodInsideDialog podKey={podKey} /> : null;
}

function PodInsideDialog({ podKey }: { podKey: string }) {
  const lang = useUiStore((s) => s.lang);
  const t = (id: InsideMessageId, vars?: Record<string, string | number>) => insideText(lang, id, vars);
  const live = useClusterStore((s) => s.objects.get(viewId('Pod', podKey))) as ObjectView | undefined;
  const state = usePodInsideView(podKey, live?.rv);
  const view = state?.view;
  return (
    <OverlayDialog title={t('inside.title', { pod: podKey })} closeLabel={t('inside.close')} onClose={closePodInside} testId="pod-inside" className="pod-inside-dialog">
      {!state ? <p className="muted">{t('inside.loading')}</p> : !view ? <p className="muted">{t('inside.gone')}</p> : <PodInsideBody view={view} t={t} />}
    </OverlayDialog>
  );
}

type T = (id: InsideMessageId, vars?: Record<string, string | number>) => string;

function PodInsideBody({ view, t }: { view: PodInsideView; t: T }) {
  const ports = localhostPorts(view);
  const clashes = portClashes(view);
  const volumeIndex = new Map(view.volumes.map((v, i) => [v.name, i % 6]));
  return (
    <div className="pod-inside" data-testid="pod-inside-body">
      <p className="pod-inside-where muted">{view.nodeName ? t('inside.where', { node: view.nodeName, ip: view.podIP ?? '…' }) : t('inside.unscheduled')}</p>
      <section className="pod-inside-sandbox" data-testid="pod-inside-shared">
        <h3>{t('inside.shared')}</h3>
        <p className="muted">{t('inside.sharedHint', { image: view.sandbox.image })}</p>
        <ul>
          <li data-ns="net">{view.hostNetwork ? t('inside.netHost') : t('inside.net', { ip: view.podIP ?? '…' })}</li>
          <li data-ns="ipc">{t('inside.ipc')}</li>
          <li data-ns="uts">{t('inside.uts', { hostname: view.hostname })}</li>
          {view.shareProcessNamespace && <li data-ns="pid">{t('inside.pid')}</li>}
        </ul>
      </section>
      <h3>{t('inside.containers')}</h3>
      <div className="pod-inside-containers">
        {view.containers.map((c) => (
          <article key={c.name} className={`pod-inside-container type-${c.type} state-${c.state}`} data-testid={`pod-inside-container-${c.name}`}>
            <header>
              <span className="mono pod-inside-cname">{c.name}</span>
              <span className="pod-inside-badge">{t(`inside.type.${c.type}` as InsideMessageId)}</span>
              <span className={`pod-inside-state state-${c.state}`}>{c.reason ?? c.state}</span>
            </header>
            <div className="mono muted pod-inside-image">{c.image}</div>
            <div className="pod-inside-joins">
              {c.shared.map((ns) => (
                <span key={ns} className="pod-inside-ns shared" title={t('inside.shared')}>
                  {ns}
                </span>
              ))}
              {c.own.map((ns) => (
                <span key={ns} className="pod-inside-ns own">
                  {ns}
                </span>
              ))}
            </div>
            <div className="muted pod-inside-ownline">{t('inside.own', { list: c.own.join(', ') })}</div>
            <div className="pod-inside-ports" data-testid={`pod-inside-ports-${c.name}`}>
              {c.listens.length ? (
                <>
                  {t('inside.listens')}{' '}
                  {c.listens.map((p) => (
                    <span key={p} className="mono pod-inside-port">
                      :{p}
                    </span>
                  ))}
                </>
              ) : (
                <span className="muted">{t('inside.listensNone')}</span>
              )}
            </div>
            <ul className="pod-inside-mounts">
              {c.mounts.length === 0 && <li className="muted">{t('inside.mountsNone')}</li>}
              {c.mounts.map((m) => (
                <li key={`${m.volume}:${m.path}`}>
                  <span className="mono">{m.path}</span> ← <span className={`pod-inside-vol vol-${volumeIndex.get(m.volume) ?? 0}`}>{m.volume}</span>
                  {m.readOnly && <span className="muted"> ({t('inside.readOnly')})</span>}
                </li>
              ))}
            </ul>
          </article>
        ))}
      </div>
      <section className="pod-inside-localhost" data-testid="pod-inside-localhost">
        <h3>{t('inside.localhost')}</h3>
        {ports.length === 0 ? (
          <p className="muted">{t('inside.localhostNone')}</p>
        ) : (
          <ul>
            {ports.map((p) => (
              <li key={`${p.port}-${p.container}`} className="mono">
                {t('inside.localhostLine', { port: p.port, container: p.container })}
              </li>
            ))}
          </ul>
        )}
        {clashes.map((port) => (
          <p key={port} className="pod-inside-clash" role="alert">
            {t('inside.clash', { port })}
          </p>
        ))}
        <p className="muted pod-inside-note">{t('inside.portsNote')}</p>
      </section>
      <section className="pod-inside-volumes" data-testid="pod-inside-volumes">
        <h3>{t('inside.volumes')}</h3>
        {view.volumes.length === 0 ? (
          <p className="muted">{t('inside.volumesNone')}</p>
        ) : (
          <table>
            <tbody>
              {view.volumes.map((v) => (
                <tr key={v.name} data-testid={`pod-inside-volume-${v.name}`}>
                  <td>
                    <span className={`pod-inside-vol vol-${volumeIndex.get(v.name) ?? 0}`}>{v.name}</span>
                  </td>
                  <td className="mono">
                    {v.type}
                    {v.source ? ` · ${v.source}` : ''}
                  </td>
                  <td className="muted">{t(`inside.life.${v.lifetime}` as InsideMessageId)}</td>
                  <td className="mono muted">{mountsOf(view, v.name).map((m) => `${m.container}:${m.path}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
