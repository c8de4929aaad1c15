// The monaco-yaml language worker (validation, completion, hover). Loaded with `?worker` so Vite
// bundles it as its own module worker; MonacoEnvironment.getWorker hands it out for label 'yaml'.
import 'monaco-yaml/yaml.worker.js';
