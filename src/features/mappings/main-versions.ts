import {
  q,
  type BoomiClient,
  type ComponentMetadata,
  type ComponentMetadataProperty,
  type QueryExpression,
} from '../../boomi/index.ts';

/** Component ids OR-ed into one ComponentMetadata filter: one answer page (100 rows) holds them all. */
export const MAIN_VERSION_GROUP = 50;

const anyOf = (ids: readonly string[]): QueryExpression<ComponentMetadataProperty> =>
  ids.length === 1 ? q.eq('componentId', ids[0]!) : q.or(...ids.map((id) => q.eq('componentId', id)));

const onMain = (m: ComponentMetadata) => !m.branchName || m.branchName === 'main';

/**
 * Main's current revision of each component, in batched metadata queries (never one GET per
 * component): `currentVersion = true and deleted = false` first, then, for the ids that query
 * did not return, their current revision whatever its state, which shows a deletion and who made
 * it. An id absent from the answer does not exist in the account. Rows of other branches are
 * ignored: only main is production.
 */
export async function readMainVersions(
  boomi: BoomiClient,
  componentIds: readonly string[],
): Promise<Map<string, ComponentMetadata>> {
  const found = new Map<string, ComponentMetadata>();
  const ids = [...new Set(componentIds)];
  const read = async (group: readonly string[], liveOnly: boolean) => {
    const filter = liveOnly
      ? q.and(anyOf(group), q.eq('currentVersion', true), q.eq('deleted', false))
      : q.and(anyOf(group), q.eq('currentVersion', true));
    for (const row of await boomi.componentMetadata.query(filter)) {
      const held = found.get(row.componentId);
      if (onMain(row) && (!held || (row.version ?? 0) > (held.version ?? 0))) found.set(row.componentId, row);
    }
  };
  for (let i = 0; i < ids.length; i += MAIN_VERSION_GROUP) await read(ids.slice(i, i + MAIN_VERSION_GROUP), true);
  const missing = ids.filter((id) => !found.has(id));
  for (let i = 0; i < missing.length; i += MAIN_VERSION_GROUP)
    await read(missing.slice(i, i + MAIN_VERSION_GROUP), false);
  return found;
}
