import type { ReactNode } from 'react';
import { ErrorBanner } from './ErrorPanel.tsx';
import { Modal } from './Modal.tsx';

/** A setting's own Edit and Delete links, named after the setting so a screen reader tells rows apart. */
export function EditDeleteLinks({ name, onEdit, onDelete }: { name: string; onEdit(): void; onDelete(): void }) {
  return (
    <>
      <button type="button" className="link-button" aria-label={`Edit ${name}`} onClick={onEdit}>
        Edit
      </button>
      <button type="button" className="link-button danger-link" aria-label={`Delete ${name}`} onClick={onDelete}>
        Delete
      </button>
    </>
  );
}

/** The confirmation before a setting is deleted: what goes with it is said in `children`. */
export function ConfirmDelete(p: {
  title: string;
  pending: boolean;
  error: unknown;
  onCancel(): void;
  onConfirm(): void;
  children: ReactNode;
}) {
  return (
    <Modal
      title={p.title}
      onCancel={p.onCancel}
      actions={
        <button type="button" className="danger" disabled={p.pending} onClick={p.onConfirm}>
          Delete
        </button>
      }
    >
      {p.children}
      {p.error ? <ErrorBanner error={p.error} /> : null}
    </Modal>
  );
}
