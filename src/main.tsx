// Entry point: start the engine worker and the persistence, then render the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app/App';
import { engineClient } from './ui/bridge/engine-client';
import { startPersistence } from './ui/persistence/session';
import './ui/styles/app.css';
import './ui/styles/canvas.css';

engineClient.start();

function render(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The editor text and the layout come back from IndexedDB before the first render (no flash);
// the saved cluster is restored meanwhile (src/ui/persistence/session.ts).
void startPersistence().catch(() => undefined).finally(render);
