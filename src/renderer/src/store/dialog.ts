import { create } from 'zustand';

/** A question the inspector asks in its own dialog: Electron has no `prompt`, and `confirm` freezes the window. */
export interface Question {
  title: string;
  message?: string;
  /** Present: the dialog asks for a text, starting with this value. */
  input?: string;
  confirmLabel: string;
  /**
   * Acts on the text when confirmed, the dialog still open: a reason returned is shown in it, with
   * the text kept to be corrected; nothing returned closes it. Without it, confirming closes it.
   */
  act?: (text: string) => Promise<string | undefined>;
}

interface DialogState {
  question?: Question;
  answer?: (value: string | boolean | null) => void;
  open(question: Question): Promise<string | boolean | null>;
  close(value: string | boolean | null): void;
}

export const useDialog = create<DialogState>((set, get) => ({
  open: (question) =>
    new Promise((resolve) => {
      // A question still open is answered "cancel": one dialog at a time.
      get().answer?.(null);
      set({ question, answer: resolve });
    }),
  close: (value) => {
    get().answer?.(value);
    set({ question: undefined, answer: undefined });
  },
}));

/** Asks for a text; null when cancelled or left empty. With `act`, see Question.act: the text it accepted. */
export async function askText(
  title: string,
  initial: string,
  confirmLabel = 'OK',
  act?: (text: string) => Promise<string | undefined>,
): Promise<string | null> {
  const value = await useDialog.getState().open({ title, input: initial, confirmLabel, ...(act && { act }) });
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Asks to go ahead with something; false when cancelled. */
export async function askConfirm(title: string, message: string, confirmLabel: string): Promise<boolean> {
  return (await useDialog.getState().open({ title, message, confirmLabel })) === true;
}
