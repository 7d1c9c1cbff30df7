import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { Modal } from '../Modal.tsx';
import { plural } from '../format.ts';

/**
 * Keeps unsaved edits from vanishing: leaving the page, or changing its account, environment or
 * view (all in the URL), asks first; closing or reloading the tab gets the browser's own prompt.
 */
export function UnsavedGuard({ count }: { count: number }) {
  const blocker = useBlocker(
    ({ currentLocation: from, nextLocation: to }) =>
      count > 0 && (from.pathname !== to.pathname || from.search !== to.search),
  );
  useEffect(() => {
    if (!count) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [count]);
  if (blocker.state !== 'blocked') return null;
  return (
    <Modal
      title="Discard unsaved changes?"
      onCancel={() => blocker.reset()}
      actions={
        <button type="button" className="danger" onClick={() => blocker.proceed()}>
          Discard changes
        </button>
      }
    >
      <p>
        You have {plural(count, 'unsaved change')}. Leaving now discards {count === 1 ? 'it' : 'them'}. Cancel to go
        back and save.
      </p>
    </Modal>
  );
}
