import type { BoomiClient, ComponentXml } from '../../boomi/index.ts';
import { componentKind } from './promotion-order.ts';
import { stripEnvironmentValues } from './xml/strip-environment-values.ts';

// What a promotion removes from a dev component, in one place (issue 12 item 6): the promotion
// applies it to what it writes, and P2's forecast (resolveDependencies) runs the same code on the
// same read, so the number of components P2 says need reconfiguring is the number the promotion
// then reports as stripped, and the fields it lists are the ones that go.

/** Connections are never promoted: they resolve to the seeded `#Connections` mappings (§5.6). */
export const isConnection = (c: { type: string }) => componentKind(c.type) === 'connection';

/** Reads a component's current revision from the dev account and empties its environment values. */
export async function readStripped(
  boomi: BoomiClient,
  devAccountId: string,
  devComponentId: string,
): Promise<{ source: ComponentXml; stripped: string[] }> {
  const source = await boomi.components.get(devComponentId, { overrideAccount: devAccountId });
  return { source, stripped: stripEnvironmentValues(source.doc).stripped };
}

/**
 * The names (never the values) of what a promotion of this component will strip: `password`,
 * `@url`, `field[host]`. None for a connection, which stays behind.
 */
export async function fieldsToStrip(
  boomi: BoomiClient,
  devAccountId: string,
  c: { devComponentId: string; type: string },
): Promise<string[]> {
  if (isConnection(c)) return [];
  return (await readStripped(boomi, devAccountId, c.devComponentId)).stripped;
}
