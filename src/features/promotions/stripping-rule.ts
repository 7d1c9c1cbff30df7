import type { BoomiClient, ComponentXml } from '../../boomi/index.ts';
import { COMPONENT_BULK_LIMIT } from '../../boomi/index.ts';
import { componentKind } from './promotion-order.ts';
import { stripEnvironmentValues } from './xml/strip-environment-values.ts';

// What a promotion removes from a dev component, in one place (issue 12 item 6): the promotion
// applies it to what it writes, and P2's forecast (resolveDependencies) runs the same code on the
// same read, so the number of components P2 says need reconfiguring is the number the promotion
// then reports as stripped, and the fields it lists are the ones that go.

/** Connections are never promoted: they resolve to the seeded `#Connections` mappings (§5.6). */
export const isConnection = (c: { type: string }) => componentKind(c.type) === 'connection';

/**
 * The names (never the values) of what a promotion will strip from each component: `password`,
 * `@url`, `field[host]`; none for a connection, which stays behind and is not read. The reads go
 * five to a call (Boomi's bulk GET), so P2's forecast costs a fifth of a read per component. A
 * component Boomi will not give, or a call that failed for a reason `fatal` does not end the walk
 * for, is that component's error, as in the promotion.
 */
export async function forecastStripping(
  boomi: BoomiClient,
  devAccountId: string,
  components: readonly { id: string; type: string }[],
  fatal: (e: unknown) => boolean,
): Promise<Map<string, string[] | Error>> {
  const out = new Map<string, string[] | Error>();
  const read: string[] = [];
  for (const c of components) {
    if (isConnection(c)) out.set(c.id, []);
    else read.push(c.id);
  }
  const chunks = Array.from({ length: Math.ceil(read.length / COMPONENT_BULK_LIMIT) }, (_, i) =>
    read.slice(i * COMPONENT_BULK_LIMIT, (i + 1) * COMPONENT_BULK_LIMIT),
  );
  await Promise.all(
    chunks.map(async (ids) => {
      try {
        for (const item of await boomi.components.bulkGet(ids, { overrideAccount: devAccountId }))
          out.set(item.id, 'error' in item ? item.error : stripped(item.component));
      } catch (e) {
        if (fatal(e)) throw e;
        for (const id of ids) out.set(id, e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
  return out;
}

const stripped = (c: ComponentXml): string[] | Error => {
  try {
    return stripEnvironmentValues(c.doc).stripped;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
};
