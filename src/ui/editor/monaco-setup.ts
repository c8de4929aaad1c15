// Monaco, lean: the editor core with its contributions (find, folding, suggest, hover...), the
// YAML grammar and monaco-yaml; no other language and no TS/CSS/HTML/JSON workers (TOOLCHAIN.md).
// Imported only by EditorPanel, which the shell loads with React.lazy.
// The lean core lacks the old-style `createWebWorker({ moduleId, label, createData })` that the
// full `monaco-editor` entry adds and that monaco-yaml (via monaco-worker-manager) calls; without
// it no YAML worker starts and no schema marker ever appears, silently (TOOLCHAIN.md). See
// installLegacyCreateWebWorker below.

import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml, type MonacoYaml, type SchemasSettings } from 'monaco-yaml';
import { RESOURCES } from '../../engine/api/resources';
import { clusterStore } from '../stores/cluster-store';
import { servedManifestSchema } from './served-schema';
import YamlWorker from './yaml.worker.ts?worker';

export { monaco };

/** The one model the editor edits; monaco-yaml's schema association matches its path. */
export const MANIFEST_URI = 'file:///sandbox/manifest.yaml';
const SCHEMA_URI = 'https://kube-sandbox.local/schemas/manifest.schema.json';

// The combined Kubernetes schema is generated into the engine's api folder. It is loaded lazily
// (a large JSON chunk of its own) and only if it exists, so the editor still works without it.
// The editor gets it narrowed to the kinds the engine serves (served-schema.ts).
const schemaModules = import.meta.glob<unknown>('../../engine/api/schemas/manifest.schema.json', {
  import: 'default',
});

let monacoYaml: MonacoYaml | undefined;
let schemaLoad: Promise<'loaded' | 'missing' | 'failed'> | undefined;

/** Resolves once the Kubernetes schema is configured, or is known to be unavailable. */
export function kubernetesSchemaStatus(): Promise<'loaded' | 'missing' | 'failed'> {
  return schemaLoad ?? Promise.resolve('missing');
}

interface LegacyWorkerOptions {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: unknown;
  keepIdleModels?: boolean;
}
type InternalCreate = (opts: monaco.editor.IInternalWebWorkerOptions) => monaco.editor.MonacoWebWorker<object>;

/**
 * Accept the pre-0.54 options: start the worker that MonacoEnvironment.getWorker gives for the
 * label, then send the two messages a monaco-worker-manager worker expects before it serves
 * requests: one that makes it install its handler, then its createData.
 */
function installLegacyCreateWebWorker(): void {
  const current: InternalCreate = monaco.editor.createWebWorker;
  const wrapped = (opts: monaco.editor.IInternalWebWorkerOptions | LegacyWorkerOptions) => {
    if ('worker' in opts && opts.worker !== undefined) return current(opts);
    const legacy = opts as LegacyWorkerOptions;
    const label = legacy.label ?? 'monaco-editor-worker';
    const env = globalThis.MonacoEnvironment;
    if (!env?.getWorker) throw new Error('MonacoEnvironment.getWorker is not set');
    const worker = Promise.resolve(env.getWorker(legacy.moduleId ?? 'workerMain.js', label)).then((w) => {
      w.postMessage('init');
      w.postMessage(legacy.createData);
      return w;
    });
    return current({ worker, host: legacy.host, keepIdleModels: legacy.keepIdleModels });
  };
  (monaco.editor as { createWebWorker: unknown }).createWebWorker = wrapped;
}

/** Idempotent: the workers, the YAML language service and, once loaded, the Kubernetes schema. */
export function setupMonaco(): typeof monaco {
  if (monacoYaml) return monaco;
  globalThis.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      return label === 'yaml' ? new YamlWorker() : new EditorWorker();
    },
  };
  installLegacyCreateWebWorker();
  monacoYaml = configureMonacoYaml(monaco, {
    enableSchemaRequest: false, // offline: schemas come from the bundle, never the network
    hover: true,
    completion: true,
    validate: true,
    format: { enable: true },
    isKubernetes: true,
    hoverSchemaSource: false,
    schemas: [],
  });
  const load = Object.values(schemaModules)[0];
  if (!load) {
    console.warn('kube-sandbox: src/engine/api/schemas/manifest.schema.json not found; YAML is checked without a schema');
    schemaLoad = Promise.resolve('missing');
  } else {
    schemaLoad = load()
      .then(async (schema) => {
        // The kinds of established CRDs come and go with the cluster: re-narrow when they change.
        const settingFor = (kinds: ReturnType<typeof clusterStore.getState>['customKinds']): SchemasSettings => ({
          uri: SCHEMA_URI,
          fileMatch: ['**/manifest.yaml'],
          schema: servedManifestSchema(schema, RESOURCES, kinds) as SchemasSettings['schema'],
        });
        let kinds = clusterStore.getState().customKinds;
        clusterStore.subscribe((s) => {
          if (s.customKinds === kinds) return;
          kinds = s.customKinds;
          void monacoYaml?.update({ schemas: [settingFor(kinds)] });
        });
        await monacoYaml?.update({ schemas: [settingFor(kinds)] });
        return 'loaded' as const;
      })
      .catch((err: unknown) => {
        console.warn('kube-sandbox: could not load the Kubernetes schema', err);
        return 'failed' as const;
      });
  }
  return monaco;
}
