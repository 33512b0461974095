import { z } from 'zod';

/**
 * How much free text the audit trail keeps for an agent (R-AUDIT-4 `persistContent`):
 * - `none`: no free text at all, only ids, names, codes, sizes, tokens and durations;
 * - `masked` (the default): the text as the model saw it, with the masking plugin's tokens, and
 *   any personal data still found by the audit's own detector replaced by its type (`[EMAIL]`);
 * - `full`: the text in clear, personal data included. Opt-in; warned about at startup.
 * @category Plugins
 */
export const ContentPolicySchema = z.enum(['none', 'masked', 'full']);

/**
 * See {@link ContentPolicySchema}.
 * @category Plugins
 */
export type ContentPolicy = z.infer<typeof ContentPolicySchema>;
