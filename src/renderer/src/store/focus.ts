import { create } from 'zustand';

/** The parts of the inspector that keyboard focus is sent to by a shortcut (Enter into a detail, Esc back to its list). */
export type FocusTarget = 'traffic-list' | 'exchange-detail' | 'resource-list' | 'resource-detail';

/**
 * Where keyboard focus is asked to go next. A request waits until the part that takes it has
 * rendered (a detail shows "Loading…" before its tabs exist), then that part focuses itself and
 * clears it (see hooks/use-focus-request.ts).
 */
interface FocusState {
  pending?: FocusTarget;
  request(target: FocusTarget): void;
  done(target: FocusTarget): void;
}

export const useFocus = create<FocusState>((set, get) => ({
  request: (pending) => set({ pending }),
  done: (target) => {
    if (get().pending === target) set({ pending: undefined });
  },
}));
