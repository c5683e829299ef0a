// The IdPs the simulator imitates, apart from their dialects: `--idp`'s parser needs only the names.
export type IdpName = 'okta' | 'entra' | 'onelogin';
export const IDPS: readonly IdpName[] = ['okta', 'entra', 'onelogin'];
