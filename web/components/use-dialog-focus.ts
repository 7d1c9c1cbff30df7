import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Focus for a dialog while `active`: it moves into the box, Tab and Shift+Tab cycle inside it,
 * Escape calls `onClose`, and the opener gets focus back on close. While a dialog opened inside
 * this one is showing (a confirmation over P7's phone overlay), the keys are that dialog's.
 */
export function useDialogFocus(ref: RefObject<HTMLElement | null>, onClose: () => void, active = true) {
  // The latest callback without re-running the effect: re-running it would pull focus back to the start.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const box = ref.current;
    if (!active || !box) return;
    const opener = document.activeElement as HTMLElement | null;
    const focusables = () =>
      Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hasAttribute('disabled'));
    (focusables()[0] ?? box).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || box.querySelector('[aria-modal="true"]')) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        close.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const list = focusables();
      const first = list[0];
      const last = list[list.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && (document.activeElement === first || !box.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !box.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, [ref, active]);
}
