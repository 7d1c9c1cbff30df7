import { randomUUID } from 'node:crypto';
import { ComponentXml, BNS_NS, createBoomiClient } from '../src/boomi/index.ts';
import { createPgAuditLog } from '../src/features/audit/pg-audit-log.ts';
import { createPgPolicyStore } from '../src/features/checks/pg-policy-store.ts';
import { createPolicyService } from '../src/features/checks/policy-service.ts';
import { freshDb, dropDb } from '../test/helpers/test-db.ts';
import { printTable } from './load.ts';

const DEV = 'acme-DEVA';
const TARGET_MS = 2000;

/** Component XML of the shapes Boomi exports, in the mix a large promotion carries. */
function componentXml(i: number): { id: string; name: string; type: string; xml: string } {
  const id = `bench-${String(i).padStart(5, '0')}`;
  const wrap = (type: string, name: string, object: string, extra = '') =>
    `<bns:Component xmlns:bns="${BNS_NS}" componentId="${id}" name="${name}" type="${type}" version="3"${extra}>` +
    `<bns:object>${object}</bns:object></bns:Component>`;
  const shapes = Array.from(
    { length: 12 },
    (_, n) =>
      `<shape image="connectoraction_icon" name="shape${n}" shapetype="connectoraction" userlabel="Step ${n}">` +
      `<configuration><connectoraction actionType="Send" allowDynamicCredentials="NONE" connectionId="c${n}" ` +
      `operationId="o${n}"><parameters/></connectoraction></configuration><dragpoints/></shape>`,
  ).join('');
  const fields = Array.from(
    { length: 25 },
    (_, n) => `<JSONObjectEntry dataType="character" key="${n + 3}" name="field${n}"><DataFormat/></JSONObjectEntry>`,
  ).join('');
  switch (i % 4) {
    case 0:
      return {
        id,
        name: `Bench Process ${i}`,
        type: 'process',
        xml: wrap('process', `Bench Process ${i}`, `<process xmlns=""><shapes>${shapes}</shapes></process>`),
      };
    case 1:
      return {
        id,
        name: `Bench Operation ${i}`,
        type: 'connector-action',
        xml: wrap(
          'connector-action',
          `Bench Operation ${i}`,
          `<Operation xmlns=""><Configuration><HttpSendAction methodType="POST" url="${i % 8 === 1 ? 'https://x.example' : ''}">` +
            `<AuthOverride user="" password=""/></HttpSendAction></Configuration></Operation>`,
          ' subType="http"',
        ),
      };
    case 2:
      return {
        id,
        name: `New Map ${i}`,
        type: 'transform.map',
        xml: wrap(
          'transform.map',
          `New Map ${i}`,
          `<Map xmlns=""><Mappings>${'<Mapping fromKey="3" toKey="2"/>'.repeat(30)}</Mappings></Map>`,
        ),
      };
    default:
      return {
        id,
        name: `Bench Profile ${i}`,
        type: 'profile.json',
        xml: wrap(
          'profile.json',
          `Bench Profile ${i}`,
          `<JSONProfile xmlns=""><DataElements>${fields}</DataElements></JSONProfile>`,
        ),
      };
  }
}

/**
 * `npm run bench -- policy`: what the policy checks add to a promotion of `count` components:
 * the rules over every component as read, the findings and per-component results stored; then a
 * re-promotion whose components are all unchanged, carried forward from those results.
 */
export async function runPolicyBench(count = 1000) {
  const components = Array.from({ length: count }, (_, i) => componentXml(i));
  // Parsing is the promotion's own work (it reads the XML anyway); only the checks are timed.
  const docs = components.map((c) => ({ ...c, doc: ComponentXml.parse(c.xml).doc }));
  const db = await freshDb(process.env.BENCH_DATABASE_URL);
  try {
    // Never called: every component is either in hand or carried forward.
    const boomi = createBoomiClient({
      baseUrl: 'http://127.0.0.1:9',
      accountId: 'acme-PRIMARY',
      user: 'u',
      token: 't',
    });
    const service = createPolicyService({
      db,
      store: createPgPolicyStore(db),
      boomi,
      audit: createPgAuditLog(db),
      records: { get: async () => ({ devAccountId: DEV, testPromotionId: null }) },
    });
    const promotion = async () => {
      const id = randomUUID();
      await db.query(
        `insert into promotion_log (promotion_id, dev_account_id, prod_account_id, dev_package_id, initiated_by,
           initiated_at, status) values ($1, $2, 'acme-PRIMARY', 'bench', 'alice@acme.example', now(), 'COMPLETED')`,
        [id, DEV],
      );
      return id;
    };
    const rows: Array<Record<string, string | number>> = [];

    const firstId = await promotion();
    let started = performance.now();
    const run = await service.begin(DEV);
    for (const c of docs)
      run.inspect({ devComponentId: c.id, name: c.name, type: c.type, folderFullPath: '' }, c.doc, 3);
    const inspected = performance.now() - started;
    const save = await run.finish([]);
    await db.transaction((tx) => save(tx, firstId, 'alice@acme.example'));
    const first = performance.now() - started;
    const found = await service.findings(firstId);
    rows.push({
      run: 'promotion, every component read',
      components: count,
      'rules (ms)': Math.round(inspected),
      'added (ms)': Math.round(first),
      findings: found.check?.findings.length ?? 0,
      target: `< ${TARGET_MS} ms`,
    });

    const secondId = await promotion();
    started = performance.now();
    const again = await service.begin(DEV);
    const carry = await again.finish(
      docs.map((c) => ({ devComponentId: c.id, name: c.name, type: c.type, devVersion: 3 })),
    );
    await db.transaction((tx) => carry(tx, secondId, 'alice@acme.example'));
    const second = performance.now() - started;
    rows.push({
      run: 'unchanged re-promotion, carried forward',
      components: count,
      'rules (ms)': 0,
      'added (ms)': Math.round(second),
      findings: (await service.findings(secondId)).check?.findings.length ?? 0,
      target: `< ${TARGET_MS} ms`,
    });
    printTable(rows);
    const worst = Math.max(first, second);
    console.log(
      `policy checks over ${count} components: ${Math.round(worst)} ms added at most (target < ${TARGET_MS} ms)`,
    );
    return { firstMs: first, carriedMs: second, withinTarget: worst < TARGET_MS };
  } finally {
    await dropDb(db);
  }
}
