import { z } from 'zod';

/** A tool name in a graph. */
const ToolName = z.string().trim().min(1);

/**
 * The prerequisites of one tool (R-DEP-1, R-DEP-2).
 * @category Plugins
 */
export const ToolPrerequisitesSchema = z.strictObject({
  /** Every listed tool must already have succeeded in this run. */
  allOf: z.array(ToolName).optional(),
  /** At least one listed tool must already have succeeded in this run. */
  anyOf: z.array(ToolName).optional(),
});

/**
 * Who or what proposed a generated graph (R-DEP-12): the model client and the model.
 * @category Plugins
 */
export const GraphProvenanceSchema = z.strictObject({
  /** The model that answered, such as `gpt-4o-mini`, or `scripted:<name>` when a scripted model did (no LLM). */
  model: z.string().trim().min(1),
  /** The model client, such as `openai` or `scripted`. */
  client: z.string().trim().min(1).optional(),
});

/**
 * Who or what proposed a generated graph.
 * @category Plugins
 */
export type GraphProvenance = z.infer<typeof GraphProvenanceSchema>;

/**
 * One agent's tool dependency graph, in the JSON format of R-DEP-1 plus an optional tool list and,
 * for a generated graph an administrator approved (R-DEP-12, SPEC §15 row 10), its approval
 * record. A graph without `status` is a hand-written graph and is loaded as before; the only other
 * status a loadable graph may carry is `approved` (drafts are refused: see
 * {@link DependencyGraphDraftSchema}).
 * @category Plugins
 */
export const ToolDependencyGraphSchema = z
  .strictObject({
    /** The format version; only `1.0` is known. */
    version: z.literal('1.0').optional(),
    /** When the graph was generated (ISO-8601), for information. */
    generatedAt: z.string().optional(),
    /** `approved` for a generated graph an administrator approved; absent for a hand-written graph. */
    status: z.literal('approved').optional(),
    /** The agent the graph was generated and approved for; when given, it must be the agent it is loaded for. */
    agent: z.string().trim().min(1).optional(),
    /** The model that proposed the graph (generated graphs). */
    generatedBy: GraphProvenanceSchema.optional(),
    /** The administrator who approved the graph (required with `status: 'approved'`). */
    approvedBy: z.string().trim().min(1).max(200).optional(),
    /** When the graph was approved, ISO-8601 (required with `status: 'approved'`). */
    approvedAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * The tools the graph may name. When given, the graph is checked against it when the module is
   * created; the agent's capabilities are always checked at startup.
   */
  tools: z.array(ToolName).optional(),
    /** Prerequisites by tool name. A tool without an entry has none. */
    dependencies: z.record(ToolName, ToolPrerequisitesSchema),
  })
  .superRefine((graph, ctx) => {
    if (graph.status !== 'approved') return;
    for (const key of ['approvedBy', 'approvedAt'] as const) {
      if (graph[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `an approved graph must say ${key === 'approvedBy' ? 'who' : 'when'} approved it` });
    }
  });

/**
 * The options of `toolDependenciesModule`.
 * @category Plugins
 */
export const ToolDependencyOptionsSchema = z.strictObject({
  /** The dependency graph of each agent, by agent name. Agents without one are not checked. */
  agents: z.record(z.string().min(1), ToolDependencyGraphSchema),
  /**
   * How many dependency violations one run may have before it is stopped (R-DEP-9; SPEC §15 row 1).
   * Default 10; may be set as low as 1 (the reference implementation used 3).
   */
  maxDependencyViolations: z.number().int().min(1).default(10),
});

/**
 * The prerequisites of one tool.
 * @category Plugins
 */
export type ToolPrerequisites = z.infer<typeof ToolPrerequisitesSchema>;

/**
 * One agent's tool dependency graph.
 * @category Plugins
 */
export type ToolDependencyGraph = z.infer<typeof ToolDependencyGraphSchema>;

/**
 * The parsed options (defaults applied).
 * @category Plugins
 */
export type ToolDependencyOptions = z.infer<typeof ToolDependencyOptionsSchema>;

/**
 * The options as written by the developer.
 * @category Plugins
 */
export type ToolDependencyOptionsInput = z.input<typeof ToolDependencyOptionsSchema>;
