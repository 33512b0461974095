import {
  type ChatMessage,
  assertKnownAgents,
  $inject,
  $multiInject,
  type AgentDefinition,
  type AgentPlugin,
  type ChatCompletionResponse,
  ConfigurationError,
  createContextKey,
  decide,
  type HookDecision,
  type Logger,
  type ModelResultContext,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  type RunContext,
  type ToolCall,
  type ToolCallContext,
  type ToolResultContext,
  type ActionResult,
} from '@agent-studio/core';
import { injectable, optional } from 'inversify';
import { DependencyGraph, formatViolation } from './DependencyGraph.js';
import './errors.js';
import type { ToolDependencyOptions } from './ToolDependencyOptions.js';

/** What the plugin keeps for one run, in the run's context bag. */
interface RunDependencies {
  /** Tools that succeeded in this run: lower-cased name to name (R-DEP-5, execution scope). */
  readonly succeeded: Map<string, string>;
  /** Lower-cased names of the tools requested in the current batch. */
  batch: ReadonlySet<string>;
  /** Dependency violations so far in this run (R-DEP-9). */
  violations: number;
}

/** The run's dependency state. */
const RUN = createContextKey<RunDependencies>('toolDependencies.Run');

/**
 * Enforces each agent's tool dependency graph (SPEC §7): a tool call whose `allOf`/`anyOf`
 * prerequisites have not succeeded earlier in the run is blocked with `DEPENDENCY_VALIDATION_ERROR`
 * and a message telling the model what to call first (R-DEP-10). Each model turn is pre-flighted
 * (R-DEP-7): when its new violations bring the run's total to `maxDependencyViolations`, the run is
 * stopped with `DEPENDENCY_CIRCUIT_OPEN` before any of its tools runs (R-DEP-9). Graphs are checked
 * at startup against each agent's capabilities (unknown tools, cycles); a graph that turns out not to
 * fit the running agent blocks every tool call (`DEPENDENCY_GRAPH_INVALID`, fail closed).
 * @category Plugins
 */
@injectable()
export class ToolDependencyPlugin implements AgentPlugin {
  /** The manifest: priority 600, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'tool-dependencies',
    version: '0.1.0',
    priority: PluginPriority.ToolDependencies,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #options: ToolDependencyOptions;
  readonly #graphs = new Map<string, DependencyGraph>();
  readonly #agents: readonly AgentDefinition[];
  /** Problems of a graph with the agent it runs for, by agent definition. */
  readonly #problems = new WeakMap<object, string | null>();
  #logger: Logger | undefined;

  /**
   * @param options - the parsed options
   * @param agents - the registered agents, whose capabilities are checked at startup
   */
  constructor(@$inject('toolDependencies.Options') options: ToolDependencyOptions, @$multiInject('core.Agent') @optional() agents: AgentDefinition[]) {
    this.#options = options;
    this.#agents = agents ?? [];
    for (const [name, graph] of Object.entries(options.agents)) this.#graphs.set(name, new DependencyGraph(graph));
  }

  /**
   * Checks every graph against its registered agent: the agent exists and the graph names only its
   * capabilities.
   * @param api - the setup API
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an unknown agent or tool
   */
  setup(api: PluginSetupApi): void {
    this.#logger = api.logger;
    assertKnownAgents('toolDependenciesModule', this.#graphs.keys(), this.#agents);
    const byName = new Map(this.#agents.map((a) => [a.name, a]));
    for (const name of this.#graphs.keys()) {
      const agent = byName.get(name);
      if (!agent) continue; // checked above
      const problem = this.#problemFor(agent);
      if (problem) throw new ConfigurationError('CONFIG_INVALID', `toolDependenciesModule: ${problem}`, { details: { agent: name } });
    }
  }

  /**
   * Pre-flight of a batch (R-DEP-7, R-DEP-9): records the batch and stops the run when its new
   * violations reach the limit.
   * @param ctx - the model result
   * @returns `continue`, or `block` with `DEPENDENCY_CIRCUIT_OPEN`
   */
  afterModelCall(ctx: ModelResultContext): HookDecision<ChatCompletionResponse> {
    const graph = this.#graphs.get(ctx.agent.name);
    if (!graph || graph.empty || this.#problemFor(ctx.agent)) return decide.continue();
    const calls = ctx.response.choices[0]?.message.tool_calls ?? [];
    const run = this.#run(ctx);
    run.batch = new Set(calls.map((c) => c.function.name.toLowerCase()));
    const blocked = calls.filter((c) => graph.check(c.function.name, run.succeeded) !== undefined).length;
    const max = this.#options.maxDependencyViolations;
    if (blocked > 0 && run.violations + blocked >= max) {
      const total = run.violations + blocked;
      run.violations = total;
      this.#logger?.warn({ runId: ctx.runId, agent: ctx.agent.name, violations: total, max }, 'tool dependency circuit breaker tripped');
      return decide.block(
        'DEPENDENCY_CIRCUIT_OPEN',
        `${total} tool dependency violations in this run reached the limit of ${max}. Likely causes: a wrong dependency graph, unclear agent instructions, or a model not following the guidance. Resuming continues with the successfully executed tools only.`,
      );
    }
    return decide.continue();
  }

  /**
   * Blocks a call whose prerequisites have not succeeded yet in this run (R-DEP-2, R-DEP-8, R-DEP-10).
   * @param ctx - the tool call
   * @returns `continue`, or `block` with a message naming what must come first
   */
  beforeToolCall(ctx: ToolCallContext): HookDecision<ToolCall> {
    const graph = this.#graphs.get(ctx.agent.name);
    if (!graph) return decide.continue();
    const problem = this.#problemFor(ctx.agent);
    if (problem) {
      return decide.block('DEPENDENCY_GRAPH_INVALID', problem, 'This tool is unavailable: the agent is misconfigured. Tell the user the request cannot be completed now.');
    }
    const run = this.#run(ctx);
    const violation = graph.check(ctx.action.name, run.succeeded, run.batch);
    if (!violation) return decide.continue();
    run.violations += 1;
    return decide.block('DEPENDENCY_VALIDATION_ERROR', `prerequisites of "${violation.tool}" have not succeeded yet`, formatViolation(violation));
  }

  /**
   * Records a successful call (R-DEP-5).
   * @param ctx - the tool result
   * @returns `continue`
   */
  afterToolCall(ctx: ToolResultContext): HookDecision<ActionResult> {
    if (ctx.result.ok && this.#graphs.has(ctx.agent.name)) this.#run(ctx).succeeded.set(ctx.action.name.toLowerCase(), ctx.action.name);
    return decide.continue();
  }

  /** The run's state, created on first use. */
  #run(ctx: RunContext): RunDependencies {
    let run = ctx.bag.get(RUN);
    if (!run) {
      run = { succeeded: succeededIn(ctx.messages()), batch: new Set(), violations: 0 };
      ctx.bag.set(RUN, run);
    }
    return run;
  }

  /** What is wrong with the agent's graph (unknown tools, a cycle), or undefined; cached per definition. */
  #problemFor(agent: AgentDefinition): string | undefined {
    const cached = this.#problems.get(agent);
    if (cached !== undefined) return cached ?? undefined;
    const graph = this.#graphs.get(agent.name);
    let problem: string | undefined;
    if (graph) {
      const unknown = graph.unknownTools(agent.capabilities.map((c) => c.action));
      const cycle = graph.findCycle();
      if (unknown.length > 0) problem = `the dependency graph of agent "${agent.name}" names tools that are not among its capabilities: ${unknown.join(', ')}.`;
      else if (cycle) problem = `the dependency graph of agent "${agent.name}" has a cycle: ${cycle.join(' → ')}.`;
    }
    this.#problems.set(agent, problem ?? null);
    return problem;
  }
}

/**
 * The tools that succeeded earlier in a conversation: each assistant tool call whose tool message
 * carries a success envelope (`isSuccess: true`). A resumed run starts a fresh context bag; this
 * rebuilds what it had already done, so prerequisites met before the suspension still count.
 */
function succeededIn(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  const succeeded = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
    } else if (message.role === 'tool' && typeof message.content === 'string') {
      const name = names.get(message.tool_call_id);
      if (name === undefined) continue;
      try {
        const envelope = JSON.parse(message.content) as { isSuccess?: unknown };
        if (envelope?.isSuccess === true) succeeded.set(name.toLowerCase(), name);
      } catch {
        // not an outcome envelope: not a success
      }
    }
  }
  return succeeded;
}
