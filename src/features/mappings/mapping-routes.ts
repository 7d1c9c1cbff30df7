import { manageMappings } from '../../contracts/mappings.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { Mapping } from './mapping-store.ts';
import type { MappingService } from './mapping-service.ts';

const toWire = (m: Mapping) => ({ ...m, lastPromotedAt: m.lastPromotedAt.toISOString() });

export function mappingActions(service: MappingService) {
  return [
    bindAction({
      contract: manageMappings,
      handle: async (req, ctx) => {
        switch (req.operation) {
          case 'list': {
            const rows = await service.query({ ...req.filters, limit: req.limit });
            return { operation: 'list', mappings: rows.map(toWire), totalCount: rows.length };
          }
          case 'upsert': {
            const saved = await service.upsert(ctx.caller, req.mapping);
            return { operation: req.wireOperation, mappings: [toWire(saved)], totalCount: 1 };
          }
          case 'delete': {
            const gone = await service.delete(ctx.caller, req);
            return { operation: 'delete', mappings: gone ? [toWire(gone)] : [], totalCount: gone ? 1 : 0 };
          }
        }
      },
    }),
  ];
}
