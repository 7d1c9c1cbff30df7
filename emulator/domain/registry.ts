import { atomObject, environmentAtomAttachmentObject } from './atom-objects.ts';
import { branchObject } from './branch-objects.ts';
import { componentMetadataObject, componentObject } from './component-objects.ts';
import { accountObject, environmentExtensionsObject, environmentObject } from './environment-objects.ts';
import { folderObject } from './folder-objects.ts';
import { environmentMapExtensionObject, environmentMapExtensionsSummaryObject } from './map-extension-objects.ts';
import { integrationPackEnvironmentAttachmentObject, integrationPackInstanceObject } from './pack-instance-objects.ts';
import { mergeRequestObject } from './merge-objects.ts';
import type { ObjectDef } from './object-def.ts';
import { integrationPackObject, publisherIntegrationPackObject } from './pack-objects.ts';
import { deployedPackageObject } from './deployment-objects.ts';
import { executionRecordObject, executionRequestObject } from './execution-objects.ts';
import { changeListenerStatusObject, listenerStatusObject } from './listener-objects.ts';
import { packagedComponentManifestObject, packagedComponentObject } from './package-objects.ts';
import { componentReferenceObject } from './reference-objects.ts';
import { releaseIntegrationPackObject, releaseIntegrationPackStatusObject } from './release-objects.ts';
import { processScheduleStatusObject, processSchedulesObject } from './schedule-objects.ts';

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
    environmentMapExtensionObject,
    environmentMapExtensionsSummaryObject,
    accountObject,
    publisherIntegrationPackObject,
    integrationPackObject,
    integrationPackInstanceObject,
    integrationPackEnvironmentAttachmentObject,
    releaseIntegrationPackObject,
    releaseIntegrationPackStatusObject,
    branchObject,
    mergeRequestObject,
    atomObject,
    environmentAtomAttachmentObject,
    processSchedulesObject,
    processScheduleStatusObject,
    changeListenerStatusObject,
    listenerStatusObject,
    executionRequestObject,
    executionRecordObject,
  ].map((d) => [d.name, d]),
);
