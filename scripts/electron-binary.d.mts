export function installedElectronBinary(electronPackageDir: string): string | undefined;
export const MISSING_ELECTRON_MESSAGE: string;
