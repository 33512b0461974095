import { ConfigurationError, formatIssuePath, MemoryTraceStore, type TraceStore } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { type AuditOptions, type AuditOptionsInput, AuditOptionsSchema } from './AuditOptions.js';
import { AuditPlugin } from './AuditPlugin.js';
import { AuditTrail } from './AuditTrail.js';
import { DetectorContentMasker } from './ContentMasker.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The audit plugin's options. */
    'audit.Options': AuditOptions;
    /** The audit trail's recorder: `flush()` it before reading a run's steps. */
    'audit.Trail': AuditTrail;
  }
}

/**
 * Loads the audit plugin (SPEC §11): every run's execution and decision steps go to the trace
 * store, with each agent's content policy applied (R-AUDIT-1..4).
 * @param options - see {@link AuditOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * createContainer({ traces, modules: [auditModule({ agents: { 'case-triage': 'none' } })], ... });
 * const trail = container.get('audit.Trail');
 * await runtime.run(request);
 * await trail.flush();
 * const story = buildStoryboard(await traces.list(runId));
 * ```
 * @category Plugins
 */
export function auditModule(options: AuditOptionsInput = {}): ContainerModule {
  const parsed = AuditOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `auditModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  const data = parsed.data;
  return new ContainerModule(({ bind }) => {
    bind('audit.Options').toConstantValue(data);
    bind('audit.Trail')
      .toDynamicValue((ctx) => {
        const store: TraceStore = data.trace ?? ctx.get('core.TraceStore', { optional: true }) ?? new MemoryTraceStore();
        return new AuditTrail(data, store, data.masker ?? new DetectorContentMasker(), ctx.get('core.Clock'));
      })
      .inSingletonScope();
    bind('core.Plugin').to(AuditPlugin).inSingletonScope();
  });
}
