// The `?` overlay: every keyboard shortcut, grouped by where it works (shortcuts.ts is the list).

import { Fragment } from 'react';
import { closeOverlay, useOverlay } from './overlay-store';
import { OverlayDialog } from './OverlayDialog';
import { usePolishT } from './polish-messages';
import { SHORTCUT_GROUPS, type Shortcut } from './shortcuts';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform ?? '');
/** the combinations whose handlers take Cmd on macOS (the others check ctrlKey only) */
const CMD_ON_MAC = new Set(['Ctrl+K', 'Ctrl+Enter', 'Ctrl+Shift+Enter']);

function Keys({ keys }: { keys: Shortcut['keys'] }) {
  return (
    <span className="keys">
      {keys.map((combo, i) => (
        <Fragment key={combo.join('+')}>
          {i > 0 && <span className="keys-or">/</span>}
          {combo.map((k, j) => (
            <Fragment key={k}>
              {j > 0 && <span className="keys-plus">+</span>}
              <kbd>{IS_MAC && k === 'Ctrl' && CMD_ON_MAC.has(combo.join('+')) ? '⌘' : k}</kbd>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsHelp() {
  const t = usePolishT();
  const open = useOverlay() === 'shortcuts';
  if (!open) return null;
  return (
    <OverlayDialog title={t('keys.title')} closeLabel={t('keys.close')} onClose={() => closeOverlay('shortcuts')} testId="shortcuts-help" className="shortcuts-dialog">
      <div className="shortcuts-groups">
        {SHORTCUT_GROUPS.map((g) => (
          <section key={g.title} className="shortcuts-group">
            <h3>{t(g.title)}</h3>
            <dl>
              {g.items.map((s) => (
                <div key={`${s.label}-${s.keys.flat().join()}`} className="shortcut-row">
                  <dt>
                    <Keys keys={s.keys} />
                  </dt>
                  <dd>{t(s.label, s.tab ? { tab: t(`tab.${s.tab}`) } : undefined)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </OverlayDialog>
  );
}
