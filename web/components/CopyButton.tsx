import { useState } from 'react';

async function copyText(value: string) {
  try {
    await navigator.clipboard.writeText(value);
  } catch {
    // Clipboard access is refused on plain http outside localhost; fall back to a selection copy.
    const t = document.createElement('textarea');
    t.value = value;
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.append(t);
    t.select();
    const ok = document.execCommand('copy');
    t.remove();
    if (!ok) throw new Error('copy refused');
  }
}

/** Copies a value and says "Copied!" (or "Copy failed") for two seconds (20-dashboard.md §3.3). */
export function CopyButton({
  value,
  label = 'Copy',
  ariaLabel,
}: {
  value: string;
  label?: string;
  ariaLabel?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setState(
      await copyText(value).then(
        () => 'copied' as const,
        () => 'failed' as const,
      ),
    );
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button
      type="button"
      className="link-button copy-button"
      onClick={copy}
      aria-label={ariaLabel ?? `${label}: ${value}`}
    >
      {state === 'copied' ? 'Copied!' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

/** An id with its copy button, as shown next to every Promotion ID. */
export function CopyableId({ id }: { id: string }) {
  return (
    <span className="copyable">
      <code>{id}</code> <CopyButton value={id} />
    </span>
  );
}
