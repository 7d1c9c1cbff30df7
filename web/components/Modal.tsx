import { useId, useRef, type ReactNode } from 'react';
import { useDialogFocus } from './use-dialog-focus.ts';

/**
 * A decision dialog (20-dashboard.md §3.5): Cancel on the left, the action on the right, focus
 * kept inside while open and returned to the opener on close, Escape cancels.
 */
export function Modal({
  title,
  children,
  onCancel,
  actions,
}: {
  title: string;
  children: ReactNode;
  onCancel(): void;
  actions: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useDialogFocus(ref, onCancel);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} tabIndex={-1}>
        <h2 id={titleId}>{title}</h2>
        <div className="modal-body">{children}</div>
        <div className="modal-actions">
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
          <span className="spacer" />
          {actions}
        </div>
      </div>
    </div>
  );
}
