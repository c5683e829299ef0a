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
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (question && !element.open) {
      setText(question.input ?? '');
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
            close(asksText ? text : true);
          }}
        >
          <h2 id="question-title">{question.title}</h2>
          {question.message && <p>{question.message}</p>}
          {asksText && <input aria-label={question.title} value={text} autoFocus onChange={(event) => setText(event.target.value)} />}
          <div className="buttons">
            <button type="button" onClick={() => close(null)}>
              Cancel
            </button>
            <button type="submit" autoFocus={!asksText}>
              {question.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
