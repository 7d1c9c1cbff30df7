import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ActionResponse } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { statusLabel } from '../Badge.tsx';
import { QueryError } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { formatDate, plural, shortId } from '../format.ts';
import { actionLabel, actorLabel } from './timeline-labels.ts';
import './promotion.css';

type Timeline = ActionResponse<'getPromotionTimeline'>;
type TimelineEvent = Timeline['events'][number];

/**
 * The whole history of a promotion as an ordered list, oldest first (issue 12 item 4): what
 * happened, who did it and when, the status it moved to, and what was said (reviewers'
 * comments, reasons, errors). A production request's history starts with its test record's.
 * `version` changes whenever the record does, so the history is read again with it.
 */
export function PromotionTimeline({ promotionId, version }: { promotionId: string; version: string }) {
  const timeline = useActionQuery('getPromotionTimeline', { promotionId }, { staleTime: 0 });
  const refetch = timeline.refetch;
  // A new record state means new events: one read per change, never a poll.
  const shown = useRef(version);
  useEffect(() => {
    if (shown.current === version) return;
    shown.current = version;
    void refetch();
  }, [version, refetch]);
  const titleId = `history-${promotionId}`;
  return (
    <section className="timeline-section" aria-labelledby={titleId}>
      <h3 id={titleId}>History</h3>
      {timeline.isPending ? (
        <Loading text="Loading the history..." />
      ) : timeline.error ? (
        <QueryError error={timeline.error} onRetry={() => void refetch()} />
      ) : (
        <Entries timeline={timeline.data} viewed={promotionId} titleId={titleId} />
      )}
    </section>
  );
}

function Entries({ timeline, viewed, titleId }: { timeline: Timeline; viewed: string; titleId: string }) {
  const names = useNames(timeline.events);
  return (
    <ol className="timeline" aria-labelledby={titleId}>
      {timeline.events.map((e) => (
        <Entry key={e.id} e={e} viewed={viewed} related={timeline.related} names={names} />
      ))}
    </ol>
  );
}

interface Names {
  pack(p: NonNullable<TimelineEvent['pack']>): string;
  environment(e: NonNullable<TimelineEvent['environments']>[number]): string;
}

/**
 * Packs and environments the service has no name on record for (a production request not yet
 * released, say) are named from the primary account's lists, asked only when one is missing.
 */
function useNames(events: TimelineEvent[]): Names {
  const packMissing = events.some((e) => e.pack?.id && !e.pack.name);
  const environmentMissing = events.some((e) => e.environments?.some((x) => !x.name));
  const cached = { staleTime: 5 * 60_000 };
  const packs = useActionQuery('listIntegrationPacks', { packPurpose: 'ALL' }, { ...cached, enabled: packMissing });
  const test = useActionQuery('listEnvironments', { target: 'TEST' }, { ...cached, enabled: environmentMissing });
  const production = useActionQuery(
    'listEnvironments',
    { target: 'PRODUCTION' },
    { ...cached, enabled: environmentMissing },
  );
  const environments = [...(test.data?.environments ?? []), ...(production.data?.environments ?? [])];
  return {
    pack: (p) => p.name ?? packs.data?.integrationPacks.find((x) => x.packId === p.id)?.packName ?? p.id ?? '',
    environment: (x) => {
      const name = x.name ?? environments.find((y) => y.environmentId === x.environmentId)?.environmentName;
      return `${name ?? x.environmentId}${x.deployed === false ? ' (not deployed)' : ''}`;
    },
  };
}

function Entry({
  e,
  viewed,
  related,
  names,
}: {
  e: TimelineEvent;
  viewed: string;
  related: Timeline['related'];
  names: Names;
}) {
  const other = e.promotionId !== viewed ? related.find((r) => r.promotionId === e.promotionId) : undefined;
  const details = detailsOf(e, names);
  return (
    <li className={`timeline-entry${/REJECTED|FAILED|DENIED/.test(e.action) ? ' timeline-bad' : ''}`}>
      <div className="timeline-head">
        <strong>{actionLabel(e.action, { retry: e.retry })}</strong>
        {other && (
          <span className="muted">
            {' '}
            (
            <Link to={`/promotions/${other.promotionId}`}>
              {other.relation === 'TEST' ? 'test deployment' : `production request ${shortId(other.promotionId, 8)}`}
            </Link>
            )
          </span>
        )}
      </div>
      <div className="timeline-meta">
        <time dateTime={e.occurredAt}>{formatDate(e.occurredAt)}</time> · {actorLabel(e.actor)}
        {e.toStatus && e.toStatus !== e.fromStatus && (
          <>
            {' '}
            · {e.fromStatus ? `${statusLabel(e.fromStatus)} → ` : ''}
            {statusLabel(e.toStatus)}
          </>
        )}
      </div>
      {details.length > 0 && (
        <dl className="timeline-details">
          {details.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="user-text">{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

/** The details an event carries, as label and text, in reading order. */
function detailsOf(e: TimelineEvent, names: Names): Array<[string, string]> {
  const out: Array<[string, string | undefined]> = [
    ['Comments', e.comments],
    ['Reason', e.reason],
    ['Hotfix justification', e.hotfixJustification],
    ['Error', e.errorMessage ? (e.errorCode ? `${e.errorCode}: ${e.errorMessage}` : e.errorMessage) : e.errorCode],
    ['Package version', e.packageVersion],
    ['Integration Pack', e.pack && names.pack(e.pack)],
    ['Environments', e.environments?.map(names.environment).join(', ')],
    [
      'Components',
      e.components &&
        `${e.components.created} created, ${e.components.updated} updated, ${e.components.unchanged} unchanged` +
          (e.components.failed ? `, ${e.components.failed} failed` : '') +
          (e.components.connections ? `, ${plural(e.components.connections, 'shared connection')}` : ''),
    ],
  ];
  return out.filter((x): x is [string, string] => !!x[1]);
}
