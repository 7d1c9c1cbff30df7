import type { Queryable } from '../../platform/db.ts';
import type { Mapping, MappingSource, MappingStore } from './mapping-store.ts';

interface MappingRow {
  id: string;
  dev_component_id: string;
  dev_account_id: string;
  prod_component_id: string;
  component_name: string;
  component_type: string;
  prod_account_id: string;
  prod_latest_version: number;
  last_promoted_at: Date;
  last_promoted_by: string;
  mapping_source: MappingSource;
  dev_version: number | null;
  content_hash: string | null;
}

export const rowToMapping = (r: MappingRow): Mapping => ({
  id: r.id,
  devComponentId: r.dev_component_id,
  devAccountId: r.dev_account_id,
  prodComponentId: r.prod_component_id,
  componentName: r.component_name,
  componentType: r.component_type,
  prodAccountId: r.prod_account_id,
  prodLatestVersion: r.prod_latest_version,
  lastPromotedAt: r.last_promoted_at,
  lastPromotedBy: r.last_promoted_by,
  mappingSource: r.mapping_source,
  devVersion: r.dev_version,
  contentHash: r.content_hash,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createPgMappingStore(db: Queryable): MappingStore {
  return {
    async query(q) {
      const { rows } = await db.query<MappingRow>(
        `select * from component_mapping
          where ($1::text is null or dev_account_id = $1)
            and ($2::text is null or dev_component_id = $2)
            and ($3::text is null or prod_component_id = $3)
            and ($4::text is null or lower(component_type) = lower($4))
            and ($5::text is null or component_name ilike '%' || $5 || '%')
            and ($6::text is null or mapping_source = $6)
          order by dev_account_id, component_type, component_name, dev_component_id
          limit $7`,
        [
          q.devAccountId ?? null,
          q.devComponentId ?? null,
          q.prodComponentId ?? null,
          q.componentType ?? null,
          q.componentName ? escapeLike(q.componentName) : null,
          q.mappingSource ?? null,
          q.limit,
        ],
      );
      return rows.map(rowToMapping);
    },
    async forComponents(devAccountId, ids, tx = db) {
      if (ids.length === 0) return [];
      const { rows } = await tx.query<MappingRow>(
        'select * from component_mapping where dev_account_id = $1 and dev_component_id = any($2::text[])',
        [devAccountId, ids],
      );
      return rows.map(rowToMapping);
    },
    async upsert(m, tx = db) {
      const { rows } = await tx.query<MappingRow>(
        `insert into component_mapping (dev_component_id, dev_account_id, prod_component_id, component_name, component_type,
           prod_account_id, prod_latest_version, last_promoted_at, last_promoted_by, mapping_source, dev_version,
           content_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (dev_component_id, dev_account_id) do update set
           prod_component_id = excluded.prod_component_id, component_name = excluded.component_name,
           component_type = excluded.component_type, prod_account_id = excluded.prod_account_id,
           prod_latest_version = excluded.prod_latest_version, last_promoted_at = excluded.last_promoted_at,
           last_promoted_by = excluded.last_promoted_by, mapping_source = excluded.mapping_source,
           prod_version_read_at = null, dev_version = excluded.dev_version, content_hash = excluded.content_hash
         returning *`,
        [
          m.devComponentId,
          m.devAccountId,
          m.prodComponentId,
          m.componentName,
          m.componentType,
          m.prodAccountId,
          m.prodLatestVersion,
          m.lastPromotedAt,
          m.lastPromotedBy,
          m.mappingSource,
          m.devVersion ?? null,
          m.contentHash ?? null,
        ],
      );
      return rowToMapping(rows[0]!);
    },
    async recordVersions(tx, versions, readAt, opts = {}) {
      if (versions.size === 0) return 0;
      // Only what a promotion wrote: admin-seeded connections are edited outside Promo by design.
      const { rows } = await tx.query(
        `update component_mapping m set prod_latest_version = v.version, prod_version_read_at = $3,
           dev_version = case when $4 then null else m.dev_version end,
           content_hash = case when $4 then null else m.content_hash end
           from unnest($1::text[], $2::int[]) as v(prod_component_id, version)
          where m.prod_component_id = v.prod_component_id and m.mapping_source = 'PROMOTION_ENGINE'
          returning m.id`,
        [[...versions.keys()], [...versions.values()], readAt, opts.forgetContent === true],
      );
      return rows.length;
    },
    async promotedComponents() {
      const { rows } = await db.query<{
        prod_component_id: string;
        component_name: string;
        recorded_version: number;
        dev_account_ids: string[];
        version_read: boolean;
      }>(
        `select prod_component_id, min(component_name) as component_name,
            max(prod_latest_version)::int as recorded_version,
            bool_and(prod_version_read_at is not null) as version_read,
            array_agg(distinct dev_account_id order by dev_account_id) as dev_account_ids
           from component_mapping where mapping_source = 'PROMOTION_ENGINE'
          group by prod_component_id order by prod_component_id`,
      );
      return rows.map((r) => ({
        prodComponentId: r.prod_component_id,
        componentName: r.component_name,
        recordedVersion: r.recorded_version,
        devAccountIds: r.dev_account_ids,
        versionRead: r.version_read,
      }));
    },
    async delete({ devComponentId, devAccountId }, tx = db) {
      const { rows } = await tx.query<MappingRow>(
        'delete from component_mapping where dev_component_id = $1 and dev_account_id = $2 returning *',
        [devComponentId, devAccountId],
      );
      return rows[0] ? rowToMapping(rows[0]) : undefined;
    },
  };
}
