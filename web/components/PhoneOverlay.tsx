import { useEffect, useId, useRef, type ReactNode } from 'react';
import { PHONE, useMediaQuery } from './use-media-query.ts';
import { useDialogFocus } from './use-dialog-focus.ts';

/**
 * A detail panel that stays in the page on wider screens and opens full screen on a phone
 * (P7, 20-dashboard.md §3.9): there it is a dialog with its title and a Close button, focus stays
 * inside, Escape closes it, and the page behind does not scroll. The children keep their place in
 * the tree either way, so turning the phone keeps what was typed.
 */
export function PhoneOverlay({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const phone = useMediaQuery(PHONE);
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useDialogFocus(ref, onClose, phone);
  useEffect(() => {
    if (!phone) return;
    const before = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = before;
    };
  }, [phone]);
  return (
    <div
      ref={ref}
      className={phone ? 'phone-overlay' : undefined}
      role={phone ? 'dialog' : undefined}
      aria-modal={phone ? true : undefined}
      aria-labelledby={phone ? titleId : undefined}
      tabIndex={phone ? -1 : undefined}
    >
      {phone && (
        <div className="phone-overlay-bar">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="secondary" aria-label="Close details" onClick={onClose}>
            <span aria-hidden="true">✕</span> Close
          </button>
        </div>
      )}
      {children}
    </div>
  );
}
