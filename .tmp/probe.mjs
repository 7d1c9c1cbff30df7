import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create();
console.log((await db.query("select version(), encode(sha256(convert_to('abc','UTF8')),'hex') h, pg_advisory_xact_lock(7231022)")).rows);
console.log((await db.query(`select jsonb_build_array(1::bigint, 'a"\n', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), null::text, '{"b":1.50,"a":[1e3,"é"]}'::jsonb)::text t`)).rows);
await db.close();
