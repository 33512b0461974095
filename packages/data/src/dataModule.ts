import { ContainerModule } from 'inversify';
import type { DataBackend } from './access/DataBackend.js';
import type { DataPolicy } from './access/DataPolicy.js';
import type { SecureDataAccess } from './access/SecureDataAccess.js';
import type { ModelIndex } from './model/ModelIndex.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The security model. */
    'data.Model': ModelIndex;
    /** Where business records live. */
    'data.Backend': DataBackend;
    /** Record rules of the app's own (multi-binding). */
    'data.Policy': DataPolicy;
  }
  interface ActionContextExtensions {
    /**
     * Business data as the run-as user may see and change it (CRUD, FLS, sharing). Present when
     * the sharing-rules plugin is loaded; it is the only way an action reaches business data.
     */
    readonly data: SecureDataAccess;
  }
}

/**
 * Options of {@link dataModule}.
 * @category Data
 */
export interface DataModuleOptions {
  /** The security model. */
  readonly model: ModelIndex;
  /** The backend (memory, SQLite or PostgreSQL). */
  readonly backend: DataBackend;
  /** Record rules of your own, applied to every query and write after CRUD, FLS and sharing. */
  readonly policies?: readonly DataPolicy[];
}

/**
 * Binds the security model and the data backend for the data-security plugins.
 * @param options - the model and the backend
 * @returns the container module
 * @example
 * ```ts
 * const model = ModelIndex.fromYaml(await readFile('security.yaml', 'utf8'));
 * createContainer({ ..., modules: [dataModule({ model, backend }), identityModule({...}), sharingRulesModule()] });
 * ```
 * @category Data
 */
export function dataModule(options: DataModuleOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind('data.Model').toConstantValue(options.model);
    bind('data.Backend').toConstantValue(options.backend);
    for (const policy of options.policies ?? []) bind('data.Policy').toConstantValue(policy);
  });
}
