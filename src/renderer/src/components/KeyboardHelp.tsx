import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { useGlobalShortcuts } from '../hooks/use-global-shortcuts';
import { SHORTCUT_GROUPS } from '../keyboard-shortcuts';

/**
 * The header's "Shortcuts" button and the overlay it opens (also with `?` anywhere): every keyboard
 * shortcut of the inspector. A native modal <dialog>, so focus stays in it and Esc closes it.
 */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const show = useCallback(() => setOpen(true), []);
  useGlobalShortcuts(show);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
    if (!open && element?.open) element.close();
  }, [open]);

  return (
    <>
      <button type="button" className="shortcuts-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={show}>
        Shortcuts <kbd>?</kbd>
      </button>
      <dialog ref={dialog} className="keyboard-help" aria-labelledby="keyboard-help-title" onClose={() => setOpen(false)}>
        {open && (
          <>
            <h2 id="keyboard-help-title">Keyboard shortcuts</h2>
            {SHORTCUT_GROUPS.map((group) => (
              <section key={group.title} aria-label={group.title}>
                <h3>{group.title}</h3>
                <dl>
                  {group.shortcuts.map((shortcut) => (
                    <Fragment key={`${shortcut.keys.join()}-${shortcut.does}`}>
                      <dt>
                        {shortcut.keys.map((key) => (
                          <kbd key={key}>{key}</kbd>
                        ))}
                      </dt>
                      <dd>{shortcut.does}</dd>
                    </Fragment>
                  ))}
                </dl>
              </section>
            ))}
            <form method="dialog" className="buttons">
              <button>Close</button>
            </form>
          </>
        )}
      </dialog>
    </>
  );
}
