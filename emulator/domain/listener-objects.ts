import { badRequest } from '../http/boomi-error.ts';
import { pinnedValues, simpleExprs } from '../query/query-parse.ts';
import type { ListenerState } from '../state/state-types.ts';
import { isRecord, oneOf, requiredStr, str } from './body.ts';
import {
  deployedProcesses,
  listenerConnector,
  listenerState,
  requireOnlineAtom,
  setListenerState,
} from './runtime-model.ts';
import type { ObjectDef, OpContext, QueryRow } from './object-def.ts';

// Listeners: processes whose start shape listens (`connectoraction actionType="Listen"`), running on
// every runtime attached to an environment they are deployed to. `POST /changeListenerStatus`
// pauses, resumes or restarts one listener or all of a runtime's (an empty answer means
// accepted); `POST /async/ListenerStatus/query` with a containerId (and optionally a listenerId)
// returns a token for `GET /async/ListenerStatus/response/{token}`.

const ACTIONS = ['restart', 'restart_all', 'pause', 'pause_all', 'resume', 'resume_all'] as const;

/** Listeners deployed to a runtime, with their connector type. */
function listenersOn(ctx: OpContext, atomId: string) {
  return deployedProcesses(ctx.account)
    .filter((p) => p.atomId === atomId)
    .map((p) => ({ p, connectorType: listenerConnector(ctx.account, p.deployment) }))
    .filter((l): l is typeof l & { connectorType: string } => l.connectorType !== null);
}

export const changeListenerStatusObject: ObjectDef = {
  name: 'changeListenerStatus',
  create(ctx) {
    // Boomi's JSON example also wraps the fields in a `ChangeListenerStatusRequest` object.
    const wrapped = ctx.body['ChangeListenerStatusRequest'];
    const body = isRecord(wrapped) ? wrapped : ctx.body;
    const action = oneOf(body, 'action', ACTIONS);
    const atom = requireOnlineAtom(ctx.account, requiredStr(body, 'containerId', 'changeListenerStatus'));
    const listenerId = str(body, 'listenerId');
    const all = action.endsWith('_all');
    if (all && listenerId) throw badRequest(`changeListenerStatus: ${action} takes no listenerId.`);
    if (!all && !listenerId) throw badRequest(`changeListenerStatus: ${action} requires a listenerId.`);
    const listeners = listenersOn(ctx, atom.id).filter((l) => all || l.p.processId === listenerId);
    if (!all && listeners.length === 0)
      throw badRequest(`Listener ${listenerId ?? ''} is not deployed to the runtime ${atom.name}.`);
    // A restart brings a listener back up listening, paused or errored before.
    const next: ListenerState = action.startsWith('pause') ? 'paused' : 'listening';
    for (const { p } of listeners) setListenerState(ctx.account, atom.id, p.processId, next);
    return { empty: true };
  },
};

export const listenerStatusObject: ObjectDef = {
  name: 'ListenerStatus',
  asyncQuery: {
    properties: ['listenerId', 'containerId'],
    check(expr) {
      // Boomi: the query names a container and, optionally, a listener.
      const container = simpleExprs(expr).filter((s) => s.property === 'containerId');
      if (container.length !== 1 || container[0]?.operator !== 'EQUALS')
        throw badRequest('Invalid query filter: ListenerStatus needs containerId EQUALS one runtime id.');
    },
    rows(ctx, expr): QueryRow[] {
      const [atomId = ''] = pinnedValues(expr, 'containerId') ?? [];
      requireOnlineAtom(ctx.account, atomId);
      return listenersOn(ctx, atomId).map(({ p, connectorType }) => ({
        fields: { listenerId: p.processId, containerId: atomId },
        wire: {
          '@type': 'ListenerStatus',
          listenerId: p.processId,
          status: listenerState(ctx.account, p),
          connectorType,
        },
      }));
    },
  },
};
