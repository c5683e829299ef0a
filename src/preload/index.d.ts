// Renderer-side view of what src/preload/index.ts exposes. Optional because the
// renderer also runs in a plain browser (vite dev server) where there is no preload.
import type { WorkbenchBridge } from '../shared/bridge';

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}
