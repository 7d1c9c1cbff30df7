import { useCallback, useSyncExternalStore } from 'react';

/** The phone layouts of 20-dashboard.md §3.9 (below 768 px); styles.css uses the same breakpoint. */
export const PHONE = '(max-width: 767px)';

/** Whether a media query matches; follows it live (a rotated phone, a resized window). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}
