import { randomUUID } from 'node:crypto';
import { DEMO, type DemoPackage, type Fixture } from '../../emulator/index.ts';

/** Names as long as real ones get: what a 390 px screen must wrap rather than scroll sideways. */
export const LONG_PROCESS =
  'Quarterly Intercompany Settlement Reconciliation Across All Regional Subsidiaries and Shared Service Centres';
export const LONG_TEST_PACK = 'Quarterly Intercompany Settlement Reconciliation for All Regional Subsidiaries - TEST';

/**
 * `count` packaged processes of Dev Team A named LONG_PROCESS (each in its own folder, with its
 * own operation on the mapped Orders API connection), so several can be open at once.
 */
export function longNamedPackages(count: number): { fixture: Fixture; packages: DemoPackage[] } {
  const ordersApi = DEMO.connectionMappings.find((m) => m.devAccountId === 'acme-DEVA' && m.name === 'Orders API')!;
  const fixture: Required<Pick<Fixture, 'components' | 'packages'>> = { components: [], packages: [] };
  const packages: DemoPackage[] = [];
  for (let i = 1; i <= count; i++) {
    const [processId, operationId, packageId] = [randomUUID(), randomUUID(), randomUUID()];
    const folder = `DevTeamARoot/Finance/Settlement Reconciliation ${i}`;
    fixture.components.push(
      {
        accountId: 'acme-DEVA',
        id: operationId,
        name: `Settlement Ledger API - Post Reconciled Intercompany Balances ${i}`,
        type: 'connector-action',
        subType: 'http',
        folder: `${folder}/Operations`,
        params: { connectionId: ordersApi.devComponentId, method: 'POST', path: '/settlements' },
      },
      {
        accountId: 'acme-DEVA',
        id: processId,
        name: LONG_PROCESS,
        type: 'process',
        folder: `${folder}/Processes`,
        params: {
          shapes: [
            {
              kind: 'connector',
              label: 'Post Balances',
              connectionId: ordersApi.devComponentId,
              operationId,
              connectorType: 'http',
              actionType: 'Send',
            },
          ],
        },
      },
    );
    fixture.packages.push({ accountId: 'acme-DEVA', packageId, componentId: processId, packageVersion: '1.0.0' });
    packages.push({
      name: LONG_PROCESS,
      accountId: 'acme-DEVA',
      packageId,
      componentId: processId,
      packageVersion: '1.0.0',
    });
  }
  return { fixture, packages };
}
