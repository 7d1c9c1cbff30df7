import { useRef } from 'react';

/**
 * The value last seen under `key`, after a refreshed list no longer has it. A live queue reads
 * itself again every few seconds; the detail or decision the user has open (and may be typing
 * in) must not vanish because its item just left the list. A new key forgets the old value.
 */
export function useKept<T>(value: T | undefined, key: string | null): T | undefined {
  const kept = useRef<{ key: string; value: T } | null>(null);
  if (key && value !== undefined) kept.current = { key, value };
  if (!key) kept.current = null;
  return value ?? (kept.current?.key === key ? kept.current.value : undefined);
}
