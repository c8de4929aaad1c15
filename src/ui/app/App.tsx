// The page: header; palette | canvas | inspector; the dock under palette and canvas.

import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { ClusterCanvas } from '../canvas/ClusterCanvas';
import { useT } from '../i18n/use-t';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { TimeTravelBanner } from '../panels/TimeTravelBanner';
import { setFault, useClusterStore } from '../stores/cluster-store';
import { useUiStore } from '../stores/ui-store';
import { Dock } from './Dock';
import { Header } from './Header';
import { Toasts } from './Toasts';
import { PersistBanner } from '../persistence/PersistBanner';
import { useShortcuts } from './use-shortcuts';
import { LessonAside, setLessonPaneOpen, useLessonPaneOpen, useLessons } from '../lessons/LessonAside';
import { CanvasSearch } from '../canvas/search/CanvasSearch';
import { Gallery } from './Gallery';
import { ShortcutsHelp } from './ShortcutsHelp';
import { startTheme } from './theme-store';
import { Tour } from './Tour';
import '../styles/polish.css';
import '../styles/theme-dark.css';
import { PodInsideHost } from '../panels/PodInside';

function FaultBanner() {
  const t = useT();
  const fault = useClusterStore((s) => s.fault);
  if (!fault) return null;
  return (
    <div className="fault" role="alert" data-testid="fault">
      <strong>{t('app.fault')}:</strong> <span className="mono">{fault}</span>
      <button type="button" className="btn" onClick={() => setFault(undefined)}>
        {t('app.dismiss')}
      </button>
    </div>
  );
}

function Connecting() {
  const t = useT();
  const connected = useClusterStore((s) => s.connected);
  if (connected) return null;
  return (
    <div className="connecting" role="status">
      {t('app.connecting')}
    </div>
  );
}

function InspectorPane() {
  const t = useT();
  const inspectorOpen = useUiStore((s) => s.inspectorOpen);
  const setOpen = useUiStore((s) => s.setInspectorOpen);
  const lessonOpen = useLessonPaneOpen();
  const open = inspectorOpen || lessonOpen;
  return (
    <aside className={`inspector-pane ${open ? 'is-open' : 'is-collapsed'}`} aria-label={t('inspector.title')}>
      <button
        type="button"
        className="pane-toggle"
        data-testid="inspector-toggle"
        aria-expanded={open}
        title={open ? t('inspectorPane.collapse') : t('inspectorPane.expand')}
        aria-label={open ? t('inspectorPane.collapse') : t('inspectorPane.expand')}
        onClick={() => {
          setOpen(!open);
          setLessonPaneOpen(!open);
        }}
      >
        {open ? '›' : '‹'}
      </button>
      {open && (
        <div className="inspector-body">
          <LessonAside inspector={<Inspector />} />
        </div>
      )}
    </aside>
  );
}

export function App() {
  useShortcuts();
  useLessons();
  const lessonOpen = useLessonPaneOpen();
  const lang = useUiStore((s) => s.lang);
  const dockOpen = useUiStore((s) => s.dockOpen);
  const inspectorOpen = useUiStore((s) => s.inspectorOpen);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  useEffect(startTheme, []);
  return (
    <div className={`app ${dockOpen ? '' : 'dock-collapsed'} ${inspectorOpen || lessonOpen ? '' : 'inspector-collapsed'}`}>
      <Header />
      <Palette />
      <main className="canvas-area">
        <ReactFlowProvider>
          <ClusterCanvas />
          <CanvasSearch />
        </ReactFlowProvider>
        <FaultBanner />
        <TimeTravelBanner />
        <PersistBanner />
        <Connecting />
        <Toasts />
      </main>
      <InspectorPane />
      <Dock />
      <Gallery />
      <ShortcutsHelp />
      <PodInsideHost />
      <Tour />
    </div>
  );
}
