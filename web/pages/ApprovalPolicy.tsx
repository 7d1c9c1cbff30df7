import { useEffect, useState } from 'react';
import type { ActionResponse } from '../api/client.ts';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { formatDate } from '../components/format.ts';

type Policy = ActionResponse<'getApprovalPolicy'>['current']['policy'];
type Path = keyof Policy;
const PATHS: ReadonlyArray<[Path, string]> = [
  ['TEST', 'Test deployment'],
  ['PRODUCTION', 'Production (from Test)'],
  ['HOTFIX', 'Emergency hotfix'],
  ['ROLLBACK', 'Rollback of a release'],
];
const groupsText = (g: readonly string[]) => g.join(', ');
const groupsOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Admin: the approval policy (issue 14). Per path, how many peer and admin approvals, from which
 * groups, whether the author's team may review, and (hotfixes only) break-glass. Saving makes a
 * new version; the history shows who changed what when.
 */
export function ApprovalPolicy() {
  const q = useActionQuery('getApprovalPolicy', { includeHistory: true });
  const save = useActionMutation('setApprovalPolicy');
  const [draft, setDraft] = useState<Policy | null>(null);
  const [groups, setGroups] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (!q.data) return;
    setDraft(structuredClone(q.data.current.policy));
    const text: Record<string, string> = {};
    for (const [path] of PATHS) {
      text[`${path}.peer`] = groupsText(q.data.current.policy[path].peerGroups);
      text[`${path}.admin`] = groupsText(q.data.current.policy[path].adminGroups);
    }
    setGroups(text);
  }, [q.data]);
  if (q.isPending || !draft)
    return q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : <Loading minHeight={200} />;
  const current = q.data!.current;
  const set = (path: Path, change: Partial<Policy[Path]>) =>
    setDraft({ ...draft, [path]: { ...draft[path], ...change } });
  const submit = () => {
    const policy = structuredClone(draft);
    for (const [path] of PATHS) {
      policy[path].peerGroups = groupsOf(groups[`${path}.peer`] ?? '');
      policy[path].adminGroups = groupsOf(groups[`${path}.admin`] ?? '');
    }
    save.mutate(
      { policy, expectedVersion: current.version, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      { onSuccess: () => setComment('') },
    );
  };
  const count = (path: Path, key: 'peerApprovals' | 'adminApprovals', label: string) => (
    <input
      type="number"
      min={0}
      max={5}
      aria-label={`${label}: ${key === 'peerApprovals' ? 'peer' : 'admin'} approvals`}
      value={draft[path][key]}
      onChange={(e) => set(path, { [key]: Math.max(0, Math.min(5, Number(e.target.value) || 0)) })}
    />
  );
  const groupInput = (path: Path, role: 'peer' | 'admin', label: string) => (
    <input
      type="text"
      aria-label={`${label}: ${role} groups`}
      placeholder="anyone of the tier"
      value={groups[`${path}.${role}`] ?? ''}
      onChange={(e) => setGroups({ ...groups, [`${path}.${role}`]: e.target.value })}
    />
  );
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Approval Policy</h2>
      <p className="muted">
        Version {current.version}
        {current.setBy ? ` · set by ${current.setBy} on ${formatDate(current.setAt)}` : ' · the built-in default'}.
        Groups are SSO group names, comma-separated; empty means anyone of the tier. Authors (whoever started, submitted
        or deployed a change to Test) never approve it.
      </p>
      <div className="table-wrap">
        <table aria-label="Approval rules per path">
          <thead>
            <tr>
              <th>Path</th>
              <th>Peer approvals</th>
              <th>Admin approvals</th>
              <th>Peer groups</th>
              <th>Admin groups</th>
              <th>Author&apos;s team may review</th>
              <th>Break-glass</th>
              <th>Passing test run</th>
            </tr>
          </thead>
          <tbody>
            {PATHS.map(([path, label]) => (
              <tr key={path}>
                <th scope="row">{label}</th>
                <td>{count(path, 'peerApprovals', label)}</td>
                <td>{count(path, 'adminApprovals', label)}</td>
                <td>{groupInput(path, 'peer', label)}</td>
                <td>{groupInput(path, 'admin', label)}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${label}: author's team may review`}
                    checked={draft[path].authorTeamMayReview}
                    onChange={(e) => set(path, { authorTeamMayReview: e.target.checked })}
                  />
                </td>
                <td>
                  {path === 'HOTFIX' ? (
                    <input
                      type="checkbox"
                      aria-label={`${label}: break-glass allowed`}
                      checked={draft[path].breakGlass}
                      onChange={(e) => set(path, { breakGlass: e.target.checked })}
                    />
                  ) : (
                    <span className="muted">-</span>
                  )}
                </td>
                <td>
                  {path === 'PRODUCTION' ? (
                    <input
                      type="checkbox"
                      aria-label={`${label}: passing test run required`}
                      title="Submission needs a passing test run newer than the last TEST deployment"
                      checked={draft[path].requireTestEvidence}
                      onChange={(e) => set(path, { requireTestEvidence: e.target.checked })}
                    />
                  ) : (
                    <span className="muted">-</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="field">
        <label htmlFor="policy-comment">Why this change (optional)</label>
        <input id="policy-comment" type="text" value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      {save.error && <ErrorBanner error={save.error} />}
      {save.isSuccess && !save.isPending && (
        <div className="banner banner-success" role="status">
          Saved as version {save.data.current.version}.
        </div>
      )}
      <button type="button" disabled={save.isPending} onClick={submit}>
        Save policy
      </button>
      <h3>History</h3>
      <ul aria-label="Policy versions">
        {[current, ...q.data!.history].map((v) => (
          <li key={v.version}>
            Version {v.version}: {v.setBy ? `${v.setBy}, ${formatDate(v.setAt)}` : 'built-in default'}
            {v.comment && <span className="user-text"> · {v.comment}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
