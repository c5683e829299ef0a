import { askConfirm } from './dialog';

/** Work a view has not saved yet, and how to ask before it is dropped. */
export interface LeaveGuard {
  unsaved(): boolean;
  title: string;
  message: string;
  /** Drops the unsaved work (the user confirmed), so the next move does not ask again. */
  discard(): void;
}

const guards = new Set<LeaveGuard>();

export function addLeaveGuard(guard: LeaveGuard): void {
  guards.add(guard);
}

/**
 * Asks before unsaved work is dropped (changing views or workspaces); true when there is none or
 * the user chose to discard it. One question per guard with unsaved work, in turn.
 */
export async function confirmLeave(): Promise<boolean> {
  for (const guard of guards) {
    if (!guard.unsaved()) continue;
    if (!(await askConfirm(guard.title, guard.message, 'Discard changes'))) return false;
    guard.discard();
  }
  return true;
}

/** Runs `go` at once when nothing is unsaved (the usual case stays synchronous), else once the user confirms. */
export function leaveThen(go: () => void): void {
  if (![...guards].some((guard) => guard.unsaved())) return go();
  void confirmLeave().then((confirmed) => confirmed && go());
}

// Closing the tab or window: the browser's own question (a page cannot show its own dialog here);
// in Electron the main process answers `will-prevent-unload` with a native one.
if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (event) => {
    if (![...guards].some((guard) => guard.unsaved())) return;
    event.preventDefault();
    event.returnValue = '';
  });
}
