import { useState } from 'react';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import type { ActionResponse } from '../api/client.ts';
import { Badge } from '../components/Badge.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { formatDate } from '../components/format.ts';

type Rule = ActionResponse<'listPolicyRules'>['rules'][number];

/** Admin: the policy rules run over promoted components; turn them on or off, re-grade, add XPath rules. */
export function PolicyRules() {
  const list = useActionQuery('listPolicyRules', {}, { staleTime: 0 });
  const save = useActionMutation('setPolicyRule');
  const [done, setDone] = useState<string | null>(null);
  const change = (rule: Rule, patch: { enabled?: boolean; severity?: 'BLOCK' | 'WARN' }) => {
    setDone(null);
    save.mutate({ ruleId: rule.ruleId, ...patch }, { onSuccess: () => setDone(`Rule ${rule.title} saved.`) });
  };
  return (
    <section aria-labelledby="policy-title">
      <div className="title-row">
        <h2 id="policy-title">Policy Rules</h2>
      </div>
      <p className="muted">
        Run over the components of every promotion and again before a production submission. A BLOCK finding refuses the
        production submission; a WARN finding is shown to the reviewers.
      </p>
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {save.error && <ErrorBanner error={save.error} />}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div className="table-wrap">
          <table aria-label="Policy rules">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Checks</th>
                <th>Severity</th>
                <th>Enabled</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rules.map((r) => (
                <tr key={r.ruleId}>
                  <td>
                    <strong>{r.title}</strong>{' '}
                    {r.builtIn ? <Badge tone="gray">Default</Badge> : <Badge tone="blue">Custom</Badge>}
                    <br />
                    <code>{r.ruleId}</code>
                    <br />
                    <span className="muted">{r.message}</span>
                    {r.updatedBy && r.updatedAt && (
                      <>
                        <br />
                        <span className="muted">
                          Changed {formatDate(r.updatedAt)} by {r.updatedBy}
                        </span>
                      </>
                    )}
                  </td>
                  <td>
                    {r.checkKind === 'XPATH' ? 'XPath' : 'Built-in check'}: <code>{r.check}</code>
                    <br />
                    <span className="muted">
                      {r.componentTypes.length ? `Types: ${r.componentTypes.join(', ')}` : 'Every component type'}
                    </span>
                  </td>
                  <td>
                    <select
                      aria-label={`Severity of ${r.title}`}
                      value={r.severity}
                      disabled={save.isPending}
                      onChange={(e) => change(r, { severity: e.target.value as 'BLOCK' | 'WARN' })}
                    >
                      <option value="BLOCK">BLOCK</option>
                      <option value="WARN">WARN</option>
                    </select>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${r.title} enabled`}
                      checked={r.enabled}
                      disabled={save.isPending}
                      onChange={(e) => change(r, { enabled: e.target.checked })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CustomRuleForm onSaved={(title) => setDone(`Rule ${title} saved.`)} />
    </section>
  );
}

/** A custom XPath rule; an XPath that cannot run is refused by the service with the reason. */
function CustomRuleForm({ onSaved }: { onSaved: (title: string) => void }) {
  const save = useActionMutation('setPolicyRule');
  const [f, setF] = useState({ ruleId: '', title: '', message: '', xpath: '', types: '', severity: 'WARN' });
  const field = (name: keyof typeof f, label: string) => (
    <label>
      {label}
      <input value={f[name]} onChange={(e) => setF({ ...f, [name]: e.target.value })} />
    </label>
  );
  return (
    <form
      className="panel"
      aria-label="Add an XPath rule"
      onSubmit={(e) => {
        e.preventDefault();
        const componentTypes = f.types
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        save.mutate(
          {
            ruleId: f.ruleId.trim(),
            title: f.title,
            message: f.message,
            xpath: f.xpath,
            severity: f.severity as 'BLOCK' | 'WARN',
            componentTypes,
          },
          { onSuccess: () => onSaved(f.title) },
        );
      }}
    >
      <h3>Add an XPath rule</h3>
      {field('ruleId', 'Rule ID (e.g. acme.no-post)')}
      {field('title', 'Title')}
      {field('message', 'Message')}
      {field('xpath', 'XPath (prefix bns: for the Component wrapper)')}
      {field('types', 'Component types (comma-separated; empty for all)')}
      <label>
        Severity
        <select value={f.severity} onChange={(e) => setF({ ...f, severity: e.target.value })}>
          <option value="WARN">WARN</option>
          <option value="BLOCK">BLOCK</option>
        </select>
      </label>
      {save.error && <ErrorBanner error={save.error} />}
      <div className="button-bar">
        <button type="submit" disabled={save.isPending}>
          Save rule
        </button>
      </div>
    </form>
  );
}
