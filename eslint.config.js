// Lint rules for the whole tree (`npm run lint`, part of `npm test`): the recommended JavaScript and
// typescript-eslint sets, React's rules of hooks in the inspector, and no native dialogs there
// (Electron's renderer has no window.prompt/alert/confirm: use store/dialog.ts).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nativeDialogs = ['prompt', 'alert', 'confirm'].map((name) => ({
  name,
  message: `Electron has no window.${name}: use askText/askConfirm from store/dialog.ts.`,
}));

// The globals the plain Node scripts (bin/, scripts/) use; TypeScript checks the .ts files' own.
const nodeGlobals = Object.fromEntries(['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks what is destructured away on purpose (`const { id: _id, ...rest } = …`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: nodeGlobals } },
  // TypeScript resolves names in .ts files (and knows DOM and Node types); no-undef would only misfire.
  { files: ['**/*.ts', '**/*.tsx'], rules: { 'no-undef': 'off' } },
  // Tests read arbitrary fields of SCIM documents and answers.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-globals': ['error', ...nativeDialogs],
      'no-restricted-properties': ['error', ...nativeDialogs.map(({ name, message }) => ({ object: 'window', property: name, message }))],
    },
  },
);
