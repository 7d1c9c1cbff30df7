import { BoomiError, badRequest } from '../http/boomi-error.ts';
import type {
  AccountData,
  AtomRecord,
  ComponentRecord,
  DeploymentRecord,
  ListenerState,
} from '../state/state-types.ts';
import { scanChildren, scanRoot } from '../wire/xml-scan.ts';

// Runtimes (Boomi's Atom object: atoms, molecules, clouds) and what runs on them. A runtime runs
// every process actively deployed to an environment it is attached to; ProcessSchedules,
// ProcessScheduleStatus and ListenerStatus are views of those (runtime, process) pairs.

/** Boomi's conceptual ids are opaque text synthesized from two ids; here: unpadded base64 of `KIND:a:b`. */
export function conceptualId(kind: 'CPS' | 'EAA' | 'IPEA' | 'EME', a: string, b: string): string {
  return Buffer.from(`${kind}:${a}:${b}`).toString('base64').replace(/=+$/, '');
}

export function parseConceptualId(kind: 'CPS' | 'EAA', id: string): [string, string] | undefined {
  const text = Buffer.from(id, 'base64').toString('utf8');
  const [prefix, a, b, ...extra] = text.split(':');
  return prefix === kind && a && b && extra.length === 0 ? [a, b] : undefined;
}

export function requireAtom(account: AccountData, id: string): AtomRecord {
  const atom = account.atoms[id];
  if (!atom) throw badRequest(`Invalid runtime id: ${id}`);
  return atom;
}

/** Listeners can only be read or changed on an online runtime (410, Boomi's answer for an offline one). */
export function requireOnlineAtom(account: AccountData, id: string): AtomRecord {
  const atom = requireAtom(account, id);
  if (atom.status !== 'ONLINE') throw new BoomiError(410, `The runtime ${atom.name} (${id}) is ${atom.status}.`);
  return atom;
}

export function atomIdsIn(account: AccountData, environmentId: string): string[] {
  return Object.values(account.atomAttachments)
    .filter((a) => a.environmentId === environmentId)
    .map((a) => a.atomId);
}

export interface DeployedProcess {
  atomId: string;
  processId: string;
  deployment: DeploymentRecord;
}

/** Every (runtime, process) pair that runs: active process deployments in the runtime's environments. */
export function deployedProcesses(account: AccountData): DeployedProcess[] {
  const out: DeployedProcess[] = [];
  for (const attachment of Object.values(account.atomAttachments)) {
    for (const d of Object.values(account.deployments)) {
      if (!d.active || d.environmentId !== attachment.environmentId) continue;
      if (account.components[d.componentId]?.type !== 'process') continue;
      out.push({ atomId: attachment.atomId, processId: d.componentId, deployment: d });
    }
  }
  return out;
}

export function deployedProcess(account: AccountData, atomId: string, processId: string): DeployedProcess | undefined {
  return deployedProcesses(account).find((p) => p.atomId === atomId && p.processId === processId);
}

/**
 * The connector of a listener process's start shape (`connectoraction actionType="Listen"`), or
 * null when the process is not a listener. Read from the revision that was packaged.
 */
export function listenerConnector(account: AccountData, d: DeploymentRecord): string | null {
  const pkg = account.packages[d.packageId];
  const c: ComponentRecord | undefined = account.components[d.componentId];
  const xml = pkg && c ? c.revisions[pkg.componentVersion - 1]?.object : undefined;
  const root = xml ? scanRoot(xml) : undefined;
  if (!xml || !root) return null;
  const shapes = scanChildren(xml, root.innerStart, root.innerEnd).find((e) => e.name === 'shapes');
  if (!shapes) return null;
  const start = scanChildren(xml, shapes.innerStart, shapes.innerEnd).find((s) => s.attrs['shapetype'] === 'start');
  const config = start && scanChildren(xml, start.innerStart, start.innerEnd).find((e) => e.name === 'configuration');
  const action = config && scanChildren(xml, config.innerStart, config.innerEnd)[0];
  if (action?.name !== 'connectoraction' || action.attrs['actionType'] !== 'Listen') return null;
  return action.attrs['connectorType'] ?? '';
}

const listenerKey = (atomId: string, processId: string) => `${atomId}:${processId}`;

/** A listener's state on a runtime: as last changed, else as its deployment asked (running by default). */
export function listenerState(account: AccountData, p: DeployedProcess): ListenerState {
  const set = account.listeners[listenerKey(p.atomId, p.processId)];
  if (set) return set;
  return p.deployment.listenerStatus === 'PAUSED' ? 'paused' : 'listening';
}

export function setListenerState(account: AccountData, atomId: string, processId: string, s: ListenerState): void {
  account.listeners[listenerKey(atomId, processId)] = s;
}

/**
 * What a DeployedPackage reports as `listenerStatus` for a listener process: PAUSED when it is
 * paused on every runtime of the environment, RUNNING otherwise; without runtimes, what the
 * deployment asked for.
 */
export function deploymentListenerStatus(account: AccountData, d: DeploymentRecord): 'RUNNING' | 'PAUSED' | undefined {
  if (listenerConnector(account, d) === null) return undefined;
  const atoms = atomIdsIn(account, d.environmentId);
  if (!d.active || atoms.length === 0) return d.listenerStatus ?? 'RUNNING';
  const states = atoms.map((atomId) => listenerState(account, { atomId, processId: d.componentId, deployment: d }));
  return states.every((s) => s === 'paused') ? 'PAUSED' : 'RUNNING';
}
