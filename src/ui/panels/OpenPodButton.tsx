// "Open pod" in the pod inspector: the open-pod view (PodInside.tsx).

import { useUiStore } from '../stores/ui-store';
import { insideText } from './pod-inside-messages';
import { openPodInside } from './pod-inside-store';

export function OpenPodButton({ podKey }: { podKey: string }) {
  const lang = useUiStore((s) => s.lang);
  return (
    <div className="insp-open-pod">
      <button type="button" className="btn" data-testid="insp-open-pod" title={insideText(lang, 'inside.openTitle')} onClick={() => openPodInside(podKey)}>
        ▣ {insideText(lang, 'inside.open')}
      </button>
    </div>
  );
}
