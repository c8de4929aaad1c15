// The pod inspector's creation timeline: the calls the pod's kubelet made to create it (SyncPod, the
// CRI RunPodSandbox with containerd, containerd-shim-runc-v2 and runc, CNI ADD, then per container
// PullImage, CreateContainer, StartContainer), fetched read-only with the `creationChain` request
// whenever the pod changes. Steps whose time is invented are marked (SIMPLIFICATION).

import { useEffect, useRef, useState } from 'react';
import type { CreationChainView } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { useUiStore } from '../stores/ui-store';
import { chainText, type ChainMessageId } from './creation-chain-messages';
import { chainRows, formatDurationMs } from './creation-chain-model';
import './InspectorCreationChain.css';

function useCreationChain(podKey: string, rv: string | undefined) {
  const [state, setState] = useState<{ key: string; chain: CreationChainView | null } | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    engineClient.request({ kind: 'creationChain', podKey }).then(
      (reply) => {
        if (mine !== seq.current) return;
        setState({ key: podKey, chain: reply.kind === 'creationChain' ? (reply.chain ?? null) : null });
      },
      () => {
        if (mine === seq.current) setState({ key: podKey, chain: null });
      },
    );
    // a new rv: the pod changed, so its kubelet may have taken more steps
  }, [podKey, rv]);
  return state && state.key === podKey ? state : undefined;
}

export function InspectorCreationChain({ podKey, rv }: { podKey: string; rv: string | undefined }) {
  const lang = useUiStore((s) => s.lang);
  const t = (id: ChainMessageId, params?: Record<string, string | number>) => chainText(lang, id, params);
  const state = useCreationChain(podKey, rv);
  const chain = state?.chain;
  return (
    <section className="creation-chain" data-testid="creation-chain">
      <h4>{t('chain.title')}</h4>
      {state === undefined ? (
        <div className="inspector-note">{t('chain.loading')}</div>
      ) : !chain || chain.steps.length === 0 ? (
        <div className="inspector-note">{t('chain.none')}</div>
      ) : (
        <>
          <p className="muted chain-explain">{t('chain.explain', { node: chain.nodeName })}</p>
          <ol className="chain-steps">
            {chainRows(chain).map((r, i) => (
              <li key={i} className={`chain-step comp-${r.component}${r.failed ? ' failed' : ''}`} data-testid="creation-step">
                <span className="chain-offset mono">{r.offset}</span>
                <div className="chain-body">
                  <div className="chain-head">
                    <span className="chain-comp mono">{r.component}</span>
                    {r.estimated ? (
                      <span className="chain-estimated" title={t('chain.estimatedTitle')}>
                        {t('chain.estimated')}
                      </span>
                    ) : null}
                    {r.repeats !== undefined && r.repeats > 1 ? <span className="chain-repeats mono">×{r.repeats}</span> : null}
                  </div>
                  <div className="chain-call mono">
                    {r.call}
                    {r.group !== 'pod' ? <span className="muted"> · {r.group}</span> : null}
                  </div>
                  {r.detail || (r.durationMs !== undefined && r.durationMs > 0) ? (
                    <div className={`chain-detail mono${r.failed ? ' tone-failed' : ' muted'}`}>
                      {r.detail ?? ''}
                      {r.durationMs !== undefined && r.durationMs > 0 ? `${r.detail ? ' · ' : ''}${t('chain.took', { ms: formatDurationMs(r.durationMs) })}` : ''}
                    </div>
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
          {chain.truncated ? <div className="inspector-note">{t('chain.truncated')}</div> : null}
        </>
      )}
    </section>
  );
}
