// TypeScript files are parsed with Babel's TypeScript parser rather than Prettier's default
// (typescript-estree): the printed output is the same on this tree (`prettier --check .` passes with
// either) and a cold check of the whole tree costs some 3 to 4 s less CPU.
export default {
  printWidth: 160,
  singleQuote: true,
  trailingComma: 'all',
  overrides: [{ files: ['*.ts', '*.tsx', '*.mts', '*.cts'], options: { parser: 'babel-ts' } }],
};
