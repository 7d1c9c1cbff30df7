import { AppError } from '../../platform/errors.ts';
import { send, type ApiContext, type CallOptions } from '../api-context.ts';
import { BNS_NS, attr, childElements, firstChildElement, parseXml, serializeXml, type Element } from '../wire-xml.ts';
import { ComponentXml } from './component-xml.ts';

/** Boomi's bulk GET of Component takes at most five ids a call (§1.4), where other objects take 100. */
export const COMPONENT_BULK_LIMIT = 5;

/** Each asked-for id, in order: its component, or Boomi's per-item refusal (an unknown id is a 400). */
export type BulkComponent = { id: string; component: ComponentXml } | { id: string; error: AppError };

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `POST /Component/bulk` with `BulkRequest type="GET"`: up to five components in one call, so a
 * read of many components costs a fifth of the calls (and of the rate budget) of one GET each.
 */
export async function bulkGetComponents(
  ctx: ApiContext,
  ids: readonly string[],
  opts: CallOptions = {},
): Promise<BulkComponent[]> {
  if (ids.length === 0) return [];
  if (ids.length > COMPONENT_BULK_LIMIT)
    throw new RangeError(`A Component bulk GET takes at most ${COMPONENT_BULK_LIMIT} ids, got ${ids.length}`);
  const requests = ids.map((id) => `<bns:request id="${escapeAttr(id)}"/>`).join('');
  const res = await send(
    ctx,
    {
      operation: 'Component.bulk',
      method: 'POST',
      path: '/Component/bulk',
      accept: 'xml',
      // A read, however it is sent: repeating it after a lost answer is harmless.
      idempotent: true,
      componentRead: true,
      body: { kind: 'xml', text: `<bns:BulkRequest xmlns:bns="${BNS_NS}" type="GET">${requests}</bns:BulkRequest>` },
    },
    opts,
  );
  const doc = parseXml(res.text, ctx.xmlLimits);
  const byIndex = new Map<number, Element>();
  for (const r of childElements(doc.documentElement!, 'response')) byIndex.set(Number(attr(r, 'index')), r);
  return ids.map((id, index) => {
    const r = byIndex.get(index);
    const status = r ? Number(attr(r, 'statusCode')) : NaN;
    const result = r && firstChildElement(r, 'Result');
    if (status === 200 && result)
      return { id, component: ComponentXml.parse(asComponentDocument(result), ctx.xmlLimits) };
    const message = (r && attr(r, 'errorMessage')) ?? 'Boomi answered the bulk GET without this component';
    return {
      id,
      error: new AppError('API_ERROR', message, {
        details: { status: Number.isNaN(status) ? 0 : status, boomiMessage: message },
      }),
    };
  });
}

/**
 * A bulk answer carries each component as `<bns:Result>` with the component's attributes and
 * children: the same element renamed `<bns:Component>`, standing alone, so it declares the
 * namespaces its ancestors (`BulkResult`, `response`) declared for it.
 */
function asComponentDocument(result: Element): string {
  const declared = new Map<string, string>();
  for (let el: Element | null = result; el; el = el.parentNode?.nodeType === 1 ? (el.parentNode as Element) : null) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name;
      if ((name === 'xmlns' || name.startsWith('xmlns:')) && !declared.has(name)) declared.set(name, a.value);
    }
  }
  const text = serializeXml(result);
  const open = /^<(?:([\w.-]+):)?Result\b/.exec(text);
  const prefix = open?.[1] ? `${open[1]}:` : '';
  const own = text.slice(0, text.indexOf('>'));
  const extra = [...declared]
    .filter(([name]) => !new RegExp(`\\s${name}=`).test(own))
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join('');
  return text
    .replace(/^<(?:[\w.-]+:)?Result\b/, `<${prefix}Component${extra}`)
    .replace(/<\/(?:[\w.-]+:)?Result>$/, `</${prefix}Component>`);
}
