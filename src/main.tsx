// Entry point: start the engine worker, then render the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app/App';
import { engineClient } from './ui/bridge/engine-client';
import './ui/styles/app.css';
import './ui/styles/canvas.css';

engineClient.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
