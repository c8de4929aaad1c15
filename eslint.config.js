// Lint rules that enforce the architecture (STYLE.md §3), not just style.
import tseslint from 'typescript-eslint';

const engineFiles = ['src/engine/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'src/engine/api/schemas/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Rule 1 and 2: the engine is pure and deterministic.
    files: engineFiles,
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['react', 'react-dom', 'zustand', 'monaco-editor', 'monaco-yaml'].map((name) => ({ name, message: 'The engine is pure TypeScript: no UI libraries.' })),
        patterns: [
          { group: ['@xyflow/*', 'react/*', 'zustand/*', 'monaco-editor/*'], message: 'The engine is pure TypeScript: no UI libraries.' },
          { group: ['**/ui/**', '**/worker/**'], message: 'The engine must not import the UI or the worker.' },
          { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'The engine runs in a Web Worker too: no Node modules.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Time comes from the SimClock.' },
        { object: 'performance', property: 'now', message: 'Time comes from the SimClock.' },
        { object: 'Math', property: 'random', message: 'Randomness comes from the seeded RngStreams.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Schedule on the SimClock.' },
        { name: 'setInterval', message: 'Schedule on the SimClock.' },
        { name: 'window', message: 'No DOM in the engine.' },
        { name: 'document', message: 'No DOM in the engine.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads ambient time; use the SimClock.' },
        { selector: "CallExpression[callee.property.name='localeCompare']", message: 'localeCompare depends on the locale; Go sorts bytes: use compareStrings (api/meta).' },
      ],
    },
  },
  {
    // Rule 7: test-only helpers stay out of production engine code.
    files: engineFiles,
    ignores: ['src/engine/**/*.test.ts', 'src/engine/testing/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/testing/**'], message: 'engine/testing is for tests only.' },
          { group: ['@xyflow/*', 'react', 'react/*', 'zustand', 'zustand/*', 'monaco-editor', 'monaco-editor/*'], message: 'The engine is pure TypeScript: no UI libraries.' },
          { group: ['**/ui/**', '**/worker/**'], message: 'The engine must not import the UI or the worker.' },
          { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'The engine runs in a Web Worker too: no Node modules.' },
        ],
      }],
    },
  },
  {
    // The worker reaches the engine through its public entry point only.
    files: ['src/worker/**/*.ts'],
    ignores: ['src/worker/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)engine/(?!index$|api/)', message: 'The worker imports the engine through src/engine/index.ts (types from src/engine/api/** are fine).' },
        ],
      }],
    },
  },
  {
    // Rule 3: the UI sees the engine only through the protocol and API types/data.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)engine/(?!api/)', message: 'The UI may import only src/engine/api/** (types, schemas) and src/worker/protocol.ts.' },
          { regex: '(^|/)worker/(?!protocol$)', message: 'The UI talks to the worker through src/worker/protocol.ts and the bridge only.' },
        ],
      }],
    },
  },
);
