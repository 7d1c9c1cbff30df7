import { isAppError, type AppError } from '../../platform/errors.ts';
import { seg, send, type ApiContext, type CallOptions } from '../api-context.ts';
import { ComponentXml } from './component-xml.ts';
import { bulkGetComponents, type BulkComponent } from './component-bulk.ts';

export interface ComponentGetOptions extends CallOptions {
  /** A past revision (`/Component/{id}~{version}`). */
  version?: number | undefined;
  /** The component as it is on a branch (`/Component/{id}~{branchId}`). */
  branchId?: string | undefined;
}

export interface ComponentWriteOptions extends CallOptions {
  /** Sets the `branchId` attribute of the body: the documented way to write on a branch (§1.8). */
  branchId?: string | undefined;
}

export type ComponentUpdateResult =
  | { status: 'written'; component: ComponentXml }
  /** Boomi refused an update that changes nothing (§3.1); the stored revision stands. */
  | { status: 'unchanged'; message: string };

// The wording of Boomi's "no material change" refusal is unverified (§7 q4); these cover the likely forms.
const UNCHANGED_TEXT = /no\s+(material\s+)?change|not\s+modified|unchanged|identical|nothing\s+to\s+update/i;

export interface ComponentApi {
  get(componentId: string, opts?: ComponentGetOptions): Promise<ComponentXml>;
  /** Up to five current components in one call (`POST /Component/bulk`), each or its refusal. */
  bulkGet(componentIds: readonly string[], opts?: CallOptions): Promise<BulkComponent[]>;
  create(body: string | ComponentXml, opts?: ComponentWriteOptions): Promise<ComponentXml>;
  update(
    componentId: string,
    body: string | ComponentXml,
    opts?: ComponentWriteOptions,
  ): Promise<ComponentUpdateResult>;
}

/** Component is XML only (§1.4): JSON Accept answers 406, so every call sends and accepts XML. */
export function componentApi(ctx: ApiContext): ComponentApi {
  const parse = (text: string) => ComponentXml.parse(text, ctx.xmlLimits);

  function body(input: string | ComponentXml, opts: ComponentWriteOptions | undefined, componentId?: string): string {
    if (typeof input === 'string' && opts?.branchId === undefined && componentId === undefined) return input;
    const doc = typeof input === 'string' ? parse(input) : input.clone();
    if (componentId !== undefined) {
      const inBody = doc.attributes.componentId;
      if (inBody !== undefined && inBody !== componentId) {
        throw new RangeError(`Component body carries componentId ${inBody} but the update targets ${componentId}`);
      }
      doc.setAttribute('componentId', componentId);
    }
    if (opts?.branchId !== undefined) doc.setAttribute('branchId', opts.branchId);
    return doc.toXml();
  }

  return {
    async get(componentId, opts = {}) {
      if (opts.version !== undefined && opts.branchId !== undefined)
        throw new RangeError('Pass a version or a branchId, not both');
      const suffix = opts.version ?? opts.branchId;
      const path = `/Component${suffix === undefined ? seg(componentId) : seg(componentId, suffix)}`;
      const res = await send(
        ctx,
        { operation: 'Component.get', method: 'GET', path, accept: 'xml', idempotent: true, componentRead: true },
        opts,
      );
      return parse(res.text);
    },

    bulkGet: (componentIds, opts) => bulkGetComponents(ctx, componentIds, opts),

    async create(input, opts) {
      const res = await send(
        ctx,
        {
          operation: 'Component.create',
          method: 'POST',
          path: '/Component',
          accept: 'xml',
          idempotent: false,
          body: { kind: 'xml', text: body(input, opts) },
        },
        opts,
      );
      return parse(res.text);
    },

    async update(componentId, input, opts) {
      try {
        const res = await send(
          ctx,
          // A full replacement: repeating it after a lost answer converges (or reads as "unchanged").
          {
            operation: 'Component.update',
            method: 'POST',
            path: `/Component${seg(componentId)}`,
            accept: 'xml',
            idempotent: true,
            body: { kind: 'xml', text: body(input, opts, componentId) },
          },
          opts,
        );
        return { status: 'written', component: parse(res.text) };
      } catch (e) {
        if (isUnchangedRefusal(e)) return { status: 'unchanged', message: String(e.details?.boomiMessage) };
        throw e;
      }
    },
  };
}

function isUnchangedRefusal(e: unknown): e is AppError {
  return (
    isAppError(e) &&
    e.code === 'API_ERROR' &&
    e.details?.status === 400 &&
    UNCHANGED_TEXT.test(String(e.details?.boomiMessage ?? ''))
  );
}
