import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Dependencies first reached from a Web Worker (the engine's ajv and yaml, monaco-yaml's worker)
  // are pre-bundled up front; otherwise the dev server discovers them late and reloads the page.
  optimizeDeps: { include: ['ajv', 'yaml', 'monaco-yaml/yaml.worker.js'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
