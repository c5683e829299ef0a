// js-yaml is the YAML reader electron-builder itself uses for electron-builder.yml (installed with
// it); the packaging test reads the file with the same parser. Only `load` is used.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
