import { z } from 'zod';
import { GraphProvenanceSchema, ToolDependencyGraphSchema } from './ToolDependencyOptions.js';

/**
 * A generated graph waiting for an administrator's approval (R-DEP-12, SPEC §15 row 10), as
 * `agent-studio deps suggest` writes it. It is never loaded: `toolDependenciesModule` and
 * {@link validateDependencyGraph} refuse any document whose `status` is not `approved`.
 * `agent-studio deps approve` turns it into an approved {@link ToolDependencyGraphSchema} graph.
 * @category Plugins
 */
export const DependencyGraphDraftSchema = z.strictObject({
  /** Always `draft`. */
  status: z.literal('draft'),
  /** The agent the graph is for. */
  agent: z.string().trim().min(1),
  /** When the graph was generated, ISO-8601. */
  generatedAt: z.iso.datetime({ offset: true }),
  /** The model that proposed it (`scripted:…` when a scripted model answered and no LLM was called). */
  generatedBy: GraphProvenanceSchema,
  /** The proposed graph (R-DEP-1). */
  graph: ToolDependencyGraphSchema,
});

/**
 * A generated graph waiting for approval.
 * @category Plugins
 */
export type DependencyGraphDraft = z.infer<typeof DependencyGraphDraftSchema>;
