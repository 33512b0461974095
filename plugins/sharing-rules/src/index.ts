/**
 * The sharing-rules plugin: every action reaches business data only through `ctx.data`, which
 * enforces CRUD, FLS and record-level sharing as the run-as user; plus `canAccess` for approvers.
 *
 * @packageDocumentation
 */
export { SharingAccess } from './SharingAccess.js';
export { SharingRulesPlugin } from './SharingRulesPlugin.js';
export { randomRecordId, type SharingRulesOptions } from './SharingRulesOptions.js';
export { sharingRulesModule } from './sharingRulesModule.js';
