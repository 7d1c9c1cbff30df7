import {
  q,
  type BoomiClient,
  type ComponentMetadata,
  type ComponentMetadataProperty,
  type QueryExpression,
} from '../../boomi/index.ts';

/**
 * Component ids OR-ed into one ComponentMetadata filter: a full answer page (Boomi's fixed 100
 * rows) when each id has one current row. Ids with rows on open branches spill onto a next page,
 * which costs what a smaller group would have cost anyway.
 */
export const MAIN_VERSION_GROUP = 100;

const anyOf = (ids: readonly string[]): QueryExpression<ComponentMetadataProperty> =>
  ids.length === 1 ? q.eq('componentId', ids[0]!) : q.or(...ids.map((id) => q.eq('componentId', id)));

const onMain = (m: ComponentMetadata) => !m.branchName || m.branchName === 'main';

/**
 * Main's current revision of each component, in batched metadata queries (never one GET per
 * component): `currentVersion = true and deleted = false` first, then, for the ids that query
 * did not return, their current revision whatever its state, which shows a deletion and who made
 * it. An id absent from the answer does not exist in the account. Rows of other branches are
 * ignored: only main is production. `account` reads a dev sub-account's components instead.
 * The groups go out together: the client's rate limiter paces them.
 */
export async function readMainVersions(
  boomi: BoomiClient,
  componentIds: readonly string[],
  opts: { account?: string } = {},
): Promise<Map<string, ComponentMetadata>> {
  const found = new Map<string, ComponentMetadata>();
  const ids = [...new Set(componentIds)];
  const call = opts.account ? { overrideAccount: opts.account } : {};
  const read = async (group: readonly string[], liveOnly: boolean) => {
    const filter = liveOnly
      ? q.and(anyOf(group), q.eq('currentVersion', true), q.eq('deleted', false))
      : q.and(anyOf(group), q.eq('currentVersion', true));
    for (const row of await boomi.componentMetadata.query(filter, call)) {
      const held = found.get(row.componentId);
      if (onMain(row) && (!held || (row.version ?? 0) > (held.version ?? 0))) found.set(row.componentId, row);
    }
  };
  const inGroups = (list: readonly string[], liveOnly: boolean) =>
    Promise.all(
      Array.from({ length: Math.ceil(list.length / MAIN_VERSION_GROUP) }, (_, i) =>
        read(list.slice(i * MAIN_VERSION_GROUP, (i + 1) * MAIN_VERSION_GROUP), liveOnly),
      ),
    );
  await inGroups(ids, true);
  await inGroups(
    ids.filter((id) => !found.has(id)),
    false,
  );
  return found;
}
