import { branchObject } from './branch-objects.ts';
import { componentMetadataObject, componentObject } from './component-objects.ts';
import { accountObject, environmentExtensionsObject, environmentObject } from './environment-objects.ts';
import { folderObject } from './folder-objects.ts';
import { mergeRequestObject } from './merge-objects.ts';
import type { ObjectDef } from './object-def.ts';
import { integrationPackObject, publisherIntegrationPackObject } from './pack-objects.ts';
import { deployedPackageObject, packagedComponentManifestObject, packagedComponentObject } from './package-objects.ts';
import { componentReferenceObject } from './reference-objects.ts';
import { releaseIntegrationPackObject, releaseIntegrationPackStatusObject } from './release-objects.ts';

/** Every Boomi object the emulator serves, by its case-sensitive path name. */
export const OBJECTS: ReadonlyMap<string, ObjectDef> = new Map(
  [
    componentObject,
    componentMetadataObject,
    componentReferenceObject,
    folderObject,
    packagedComponentObject,
    packagedComponentManifestObject,
    deployedPackageObject,
    environmentObject,
    environmentExtensionsObject,
    accountObject,
    publisherIntegrationPackObject,
    integrationPackObject,
    releaseIntegrationPackObject,
    releaseIntegrationPackStatusObject,
    branchObject,
    mergeRequestObject,
  ].map((d) => [d.name, d]),
);
