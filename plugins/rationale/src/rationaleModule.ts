import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { type RationaleOptions, type RationaleOptionsInput, RationaleOptionsSchema } from './RationaleOptions.js';
import { RationalePlugin } from './RationalePlugin.js';
import { RationaleRecorder } from './RationaleRecorder.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The rationale plugin's options. */
    'rationale.Options': RationaleOptions;
    /** The per-run rationale records (R-RAT-3). */
    'rationale.Recorder': RationaleRecorder;
  }
}

/**
 * Loads the rationale plugin (SPEC §11). Capture is off unless the options (tenant-level or per
 * agent) or an agent definition's `trust.rationale` turn it on. With `trace`, every record is
 * also appended, text as written, to that trace store (R-RAT-3) and a failing append blocks the
 * call. Without it, load the audit plugin (`auditModule()`), which stores each rationale on the
 * container's trace store under the agent's content policy (masked by default, R-AUDIT-4).
 * @param options - see {@link RationaleOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * rationaleModule({ agents: { 'order-status': { enabled: true, required: true, maxLength: 2000 } }, trace: traceStore })
 * ```
 * @category Plugins
 */
export function rationaleModule(options: RationaleOptionsInput = {}): ContainerModule {
  const parsed = RationaleOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `rationaleModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  const data = parsed.data;
  return new ContainerModule(({ bind }) => {
    bind('rationale.Options').toConstantValue(data);
    bind('rationale.Recorder').toConstantValue(new RationaleRecorder(data.maxRuns));
    bind('core.Plugin').to(RationalePlugin).inSingletonScope();
  });
}
