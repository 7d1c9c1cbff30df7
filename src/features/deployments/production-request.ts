import type { ProductionChoices } from '../../contracts/reviews.ts';
import { q, type BoomiClient } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { environmentTarget, isTestPackName } from './deployment-steps.ts';

/** What a production deployment will do, stored with the record at submission (D7). */
export type ProductionRequest = ProductionChoices;

const invalid = (field: string, message: string) =>
  new AppError('INVALID_REQUEST', `${field}: ${message}`, { details: { field } });

/**
 * Refuses, naming the field, a production request its deployment could not carry out: no pack
 * chosen, a test pack, a pack or environment Boomi does not have, a TEST environment, or no
 * production environment at all. Checked when the request is made (submission, an admin's
 * approval with overrides, a retry with corrections), not discovered by the deployment job.
 */
export async function checkProductionRequest(boomi: BoomiClient, r: ProductionRequest): Promise<void> {
  if (r.createNewPack) {
    const name = r.newPackName?.trim();
    if (!name) throw invalid('newPackName', 'name the new production pack (createNewPack is true)');
    if (isTestPackName(name)) throw invalid('newPackName', 'a production pack name must not end in " - TEST"');
  } else {
    if (!r.existingPackId) {
      throw invalid('existingPackId', 'choose the production pack to release, or set createNewPack with a newPackName');
    }
    const pack = await boomi.publisherIntegrationPacks.get(r.existingPackId).catch((e: unknown) => {
      if (isAppError(e) && (e.code === 'COMPONENT_NOT_FOUND' || e.code === 'API_ERROR')) return undefined;
      throw e;
    });
    if (!pack) throw invalid('existingPackId', `the primary account has no Integration Pack '${r.existingPackId}'`);
    if (isTestPackName(pack.name)) {
      throw invalid(
        'existingPackId',
        `'${pack.name}' is a test pack; production releases a pack not ending in " - TEST"`,
      );
    }
  }
  const environments = await boomi.environments.query(q.isNotNull('id'));
  const production = (c: string | undefined) => environmentTarget(c) === 'PRODUCTION';
  if (!r.targetEnvironments) {
    if (!environments.some((e) => production(e.classification))) {
      throw invalid('targetEnvironments', 'the primary account has no production environment to deploy to');
    }
    return;
  }
  r.targetEnvironments.forEach((chosen, i) => {
    const field = `targetEnvironments.${i}.environmentId`;
    const env = environments.find((e) => e.id === chosen.environmentId);
    if (!env) throw invalid(field, `the primary account has no environment '${chosen.environmentId}'`);
    if (!production(env.classification)) throw invalid(field, `'${env.name ?? env.id}' is a TEST environment`);
  });
}
