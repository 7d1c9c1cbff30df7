import { useActionQuery } from '../../api/hooks.ts';
import { formatDate } from '../format.ts';
import { inZone } from './freeze-time.ts';

/** The freeze windows, refreshed each minute: a freeze starts and ends without anyone acting. */
export const useFreezeWindows = () =>
  useActionQuery('listFreezeWindows', { includeInactive: false }, { refetchInterval: 60_000 });

/** P7 and P9: while a freeze is in force, production deployments are refused; say so before anyone tries. */
export function FreezeBanner() {
  const freezes = useFreezeWindows();
  const active = freezes.data?.activeFreeze;
  if (!active) return null;
  return (
    <div className="banner banner-warning" role="status" aria-label="Production freeze">
      <span>
        <strong>❄ Production is frozen by &lsquo;{active.name}&rsquo;</strong> until {formatDate(active.endsAt)} (
        {inZone(active.endsAt, active.timeZone)}). Deployments to production are refused until then; schedule them for
        later, or use a break-glass hotfix for an emergency.
      </span>
    </div>
  );
}
