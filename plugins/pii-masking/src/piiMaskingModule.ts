import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { isPiiSchemaSource, type PiiMaskingOptions, type PiiMaskingOptionsInput, PiiMaskingOptionsSchema, type PiiSchemaSource } from './PiiMaskingOptions.js';
import { PiiMaskingPlugin } from './PiiMaskingPlugin.js';
import { FieldClassificationIndex } from './schema/FieldClassificationIndex.js';
import { fieldClassificationsFromModel } from './schema/fieldClassificationsFromModel.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The PII masking plugin's options. */
    'piiMasking.Options': PiiMaskingOptions;
    /** The field classifications of the schema-based masker: `fields`, the `model` option or `data.Model`. */
    'piiMasking.FieldIndex': FieldClassificationIndex;
  }
}

/**
 * Loads the PII masking plugin. Loading it is the tenant switch (R-PII-1); the options give the
 * tenant-level settings, per-agent overrides and the field classifications of the schema-based
 * masker. Classifications come from `fields`, plus the `model` option, or else the `data.Model`
 * binding of `dataModule` when it is loaded (unless `useDataModel: false`); the plugin works without
 * the data package.
 * @param options - see {@link PiiMaskingOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * piiMaskingModule({
 *   preset: 'standard',
 *   agents: { 'order-status': { preset: 'strict' }, 'internal-search': { preset: 'off' } },
 *   fields: [{ object: 'Contact', field: 'SSN__c', classification: 'Restricted' }],
 * })
 * ```
 * @category Plugins
 */
export function piiMaskingModule(options: PiiMaskingOptionsInput = {}): ContainerModule {
  const parsed = PiiMaskingOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `piiMaskingModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  const data = parsed.data;
  return new ContainerModule(({ bind }) => {
    bind('piiMasking.Options').toConstantValue(data);
    bind('piiMasking.FieldIndex')
      .toDynamicValue((ctx) => {
        let source: PiiSchemaSource | undefined = data.model;
        if (source === undefined && data.useDataModel !== false) {
          const bound = ctx.get<unknown>('data.Model', { optional: true });
          if (isPiiSchemaSource(bound)) source = bound;
        }
        return new FieldClassificationIndex([...(source ? fieldClassificationsFromModel(source) : []), ...(data.fields ?? [])]);
      })
      .inSingletonScope();
    bind('core.Plugin').to(PiiMaskingPlugin).inSingletonScope();
  });
}
