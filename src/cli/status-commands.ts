import type { Body } from './client.ts';
import type { Ctx } from './context.ts';
import { readPromotion, waitForRecord, type PromotionRecord } from './follow.ts';
import { describePromotion, json, table } from './format.ts';
import { EXIT, ServiceError, exitForStatus, type ExitCode } from './outcome.ts';

/** One record (exit code by its status), or without an id the caller's open promotions. */
export async function statusCommand(
  ctx: Ctx,
  promotionId: string | undefined,
  o: { wait?: boolean; json?: boolean },
): Promise<ExitCode> {
  if (!promotionId) {
    const { body } = await ctx.client.call('queryStatus', { scope: 'mine', openOnly: true, limit: 200 });
    const open = body.promotions as PromotionRecord[];
    if (o.json) ctx.out(json({ promotions: open }));
    else
      ctx.out(
        table(
          ['PROMOTION', 'STATUS', 'PROCESS', 'VERSION', 'TARGET', 'UPDATED'],
          open.map((p) => [
            p.promotionId,
            p.status,
            String(p.processName ?? ''),
            String(p.packageVersion ?? ''),
            String(p.targetEnvironment ?? ''),
            String(p.updatedAt ?? ''),
          ]),
        ),
      );
    return EXIT.DONE;
  }
  const p = o.wait
    ? await waitForRecord(ctx.client, promotionId, ctx.log)
    : await readPromotion(ctx.client, promotionId, ctx.log);
  ctx.out(o.json ? json(p) : describePromotion(p));
  const code = exitForStatus(p);
  if (code === EXIT.FAILED && p.errorMessage) ctx.log(`${p.lastErrorCode ?? p.status}: ${p.errorMessage}`);
  return code;
}

interface Result {
  devComponentId: string;
  name: string;
  action: string;
  prodComponentId: string | null;
}

/** Main against the promotion's branch for each component it wrote, as unified diffs of the normalized XML. */
export async function diffCommand(
  ctx: Ctx,
  promotionId: string,
  o: { component?: string; stat?: boolean; json?: boolean },
): Promise<ExitCode> {
  const p = await readPromotion(ctx.client, promotionId, ctx.log);
  if (!p.branchId)
    throw new ServiceError(
      'INVALID_PROMOTION_STATUS',
      `Promotion ${promotionId} (${p.status}) has no branch left to compare with main`,
    );
  const results = ((p.results as Result[] | undefined) ?? []).filter((r) => r.prodComponentId);
  const wanted = o.component?.trim().toLowerCase();
  const chosen = wanted
    ? results.filter((r) => [r.name, r.devComponentId, r.prodComponentId!].some((v) => v.toLowerCase() === wanted))
    : results.filter((r) => r.action === 'CREATED' || r.action === 'UPDATED');
  if (wanted && !chosen.length)
    throw new ServiceError('COMPONENT_NOT_FOUND', `Promotion ${promotionId} wrote no component '${o.component}'`);
  const { createTwoFilesPatch } = await import('diff');
  const diffs: Body[] = [];
  const text: string[] = [];
  for (const r of chosen) {
    const { body: d } = await ctx.client.call('generateComponentDiff', {
      promotionId,
      branchId: p.branchId,
      prodComponentId: r.prodComponentId,
      componentName: r.name,
      ...(r.action === 'CREATED' || r.action === 'UPDATED' || r.action === 'UNCHANGED'
        ? { componentAction: r.action }
        : {}),
    });
    const s = d.summary as Record<string, number>;
    const patch = createTwoFilesPatch(
      `main/${r.name}`,
      `branch/${r.name}`,
      String(d.mainXml),
      String(d.branchXml),
      `v${String(d.mainVersion)}`,
      `v${String(d.branchVersion)}`,
    );
    if (d.mainChangedWarning) ctx.log(`warning: ${r.name}: ${String(d.mainChangedWarning)}`);
    const { mainXml: _m, branchXml: _b, success: _s, ...rest } = d;
    diffs.push({ ...rest, patch });
    text.push(
      `=== ${r.name} (${String(d.componentAction)}): elements +${s.elementsAdded} -${s.elementsRemoved} ` +
        `~${s.elementsChanged}, attributes +${s.attributesAdded} -${s.attributesRemoved} ~${s.attributesChanged}`,
    );
    if (!o.stat) text.push(patch);
  }
  if (o.json) ctx.out(json({ promotionId, branchId: p.branchId, diffs }));
  else ctx.out(text.join('\n') || `Promotion ${promotionId} created or updated no component`);
  return EXIT.DONE;
}
