import { useEffect, useRef, useState } from 'react';
import { useDialog } from '../store/dialog';

/**
 * The one modal of the inspector (see store/dialog.ts): a native <dialog> shown with showModal, so
 * focus is trapped, Escape cancels and the page behind is inert.
 */
export function QuestionDialog() {
  const { question, close } = useDialog();
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  /** What `act` refused the text for, shown until the text changes. */
  const [refused, setRefused] = useState<string>();
  const [acting, setActing] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (question && !element.open) {
      setText(question.input ?? '');
      setRefused(undefined);
      setActing(false);
      element.showModal();
    } else if (!question && element.open) {
      element.close();
    }
  }, [question]);
  const asksText = question?.input !== undefined;
  return (
    <dialog
      ref={dialog}
      className="question-dialog"
      aria-labelledby="question-title"
      // Escape: the browser closes the dialog and fires cancel.
      onCancel={() => close(null)}
    >
      {question && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            const act = question.act;
            if (!asksText || !act || text.trim() === '') return close(asksText ? text : true);
            if (acting) return;
            setActing(true);
            // The answer belongs to this question: one cancelled meanwhile (and perhaps another asked) is left alone.
            const asked = question;
            const stillAsked = () => useDialog.getState().question === asked;
            void act(text.trim())
              .then((reason) => {
                if (!stillAsked()) return;
                if (reason === undefined) close(text);
                else setRefused(reason);
              })
              .finally(() => stillAsked() && setActing(false));
          }}
        >
          <h2 id="question-title">{question.title}</h2>
          {question.message && <p>{question.message}</p>}
          {asksText && (
            <input
              aria-label={question.title}
              aria-describedby={refused ? 'question-refused' : undefined}
              aria-invalid={refused ? true : undefined}
              value={text}
              autoFocus
              onChange={(event) => {
                setText(event.target.value);
                setRefused(undefined);
              }}
            />
          )}
          {refused && (
            <p className="error" role="alert" id="question-refused">
              {refused}
            </p>
          )}
          <div className="buttons">
            <button type="button" onClick={() => close(null)}>
              Cancel
            </button>
            <button type="submit" autoFocus={!asksText} aria-disabled={acting || undefined}>
              {question.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
