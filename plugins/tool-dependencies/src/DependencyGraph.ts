import type { ToolDependencyGraph } from './ToolDependencyOptions.js';

/**
 * What a tool call lacks (R-DEP-10).
 * @category Plugins
 */
export interface DependencyViolation {
  /** The tool that cannot run yet. */
  readonly tool: string;
  /** `allOf` tools that have not succeeded yet. */
  readonly missingAllOf: readonly string[];
  /** The `anyOf` group, when none of its tools has succeeded yet (otherwise empty). */
  readonly missingAnyOf: readonly string[];
  /** The tools that have succeeded so far in this run. */
  readonly succeeded: readonly string[];
  /** Missing tools that the model requested in the same batch (they had not run yet). */
  readonly inSameBatch: readonly string[];
}

/** A node's prerequisites, names in their written case. */
interface Node {
  readonly name: string;
  readonly allOf: readonly string[];
  readonly anyOf: readonly string[];
}

/**
 * A validated, case-insensitive tool dependency graph (R-DEP-1, R-DEP-2, R-DEP-11).
 * @example
 * ```ts
 * const graph = new DependencyGraph({ dependencies: { update_record: { allOf: ['get_record_details'] } } });
 * graph.check('update_record', new Map()); // a violation naming get_record_details
 * ```
 * @category Plugins
 */
export class DependencyGraph {
  readonly #nodes = new Map<string, Node>();

  /**
   * @param graph - the parsed graph
   */
  constructor(graph: ToolDependencyGraph) {
    for (const [name, entry] of Object.entries(graph.dependencies)) {
      const allOf = entry.allOf ?? [];
      const anyOf = entry.anyOf ?? [];
      if (allOf.length === 0 && anyOf.length === 0) continue;
      this.#nodes.set(name.toLowerCase(), { name, allOf, anyOf });
    }
  }

  /** Whether the graph has no dependencies at all. */
  get empty(): boolean {
    return this.#nodes.size === 0;
  }

  /**
   * Every tool the graph names (keys and prerequisites), in their written case.
   * @returns the names, sorted
   */
  toolNames(): string[] {
    const names = new Map<string, string>();
    for (const node of this.#nodes.values()) {
      for (const n of [node.name, ...node.allOf, ...node.anyOf]) if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
    }
    return [...names.values()].sort();
  }

  /**
   * The tools the graph names that are not among the known ones (case-insensitive).
   * @param known - the known tool names
   * @returns the unknown names, sorted
   */
  unknownTools(known: Iterable<string>): string[] {
    const set = new Set([...known].map((k) => k.toLowerCase()));
    return this.toolNames().filter((n) => !set.has(n.toLowerCase()));
  }

  /**
   * Finds a cycle by depth-first search over `allOf` ∪ `anyOf` edges (R-DEP-11).
   * @returns the tools on the first cycle found, the first repeated at the end, or undefined
   */
  findCycle(): string[] | undefined {
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (key: string, name: string): string[] | undefined => {
      const seen = state.get(key);
      if (seen === 'done') return undefined;
      if (seen === 'visiting') {
        const at = stack.findIndex((s) => s.toLowerCase() === key);
        return [...stack.slice(at), name];
      }
      state.set(key, 'visiting');
      stack.push(name);
      const node = this.#nodes.get(key);
      for (const dep of node ? [...node.allOf, ...node.anyOf] : []) {
        const found = visit(dep.toLowerCase(), dep);
        if (found) return found;
      }
      stack.pop();
      state.set(key, 'done');
      return undefined;
    };
    for (const key of [...this.#nodes.keys()].sort()) {
      const found = visit(key, (this.#nodes.get(key) as Node).name);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Checks one call against the tools that have succeeded (R-DEP-2).
   * @param tool - the tool called
   * @param succeeded - the tools that have succeeded in this run: lower-cased name to name
   * @param batch - lower-cased names of the tools requested in the same batch
   * @returns the violation, or undefined when the call may run
   */
  check(tool: string, succeeded: ReadonlyMap<string, string>, batch: ReadonlySet<string> = new Set()): DependencyViolation | undefined {
    const node = this.#nodes.get(tool.toLowerCase());
    if (!node) return undefined;
    const missingAllOf = node.allOf.filter((d) => !succeeded.has(d.toLowerCase()));
    const anySatisfied = node.anyOf.length === 0 || node.anyOf.some((d) => succeeded.has(d.toLowerCase()));
    const missingAnyOf = anySatisfied ? [] : [...node.anyOf];
    if (missingAllOf.length === 0 && missingAnyOf.length === 0) return undefined;
    return {
      tool: node.name,
      missingAllOf,
      missingAnyOf,
      succeeded: [...succeeded.values()].sort(),
      inSameBatch: [...missingAllOf, ...missingAnyOf].filter((d) => batch.has(d.toLowerCase())),
    };
  }
}

/**
 * The message the model gets for a blocked call (R-DEP-10): what cannot run, what must come first,
 * the next step, and which tools already ran.
 * @param v - the violation
 * @returns the message
 * @category Plugins
 */
export function formatViolation(v: DependencyViolation): string {
  const lines = [`Tool "${v.tool}" cannot run yet: its prerequisites have not completed successfully in this run.`];
  if (v.missingAllOf.length > 0) lines.push(`Call these tools first (all of them): ${v.missingAllOf.join(', ')}.`);
  if (v.missingAnyOf.length > 0) lines.push(`Call at least one of these tools first: ${v.missingAnyOf.join(', ')}.`);
  if (v.inSameBatch.length > 0) {
    lines.push(`Requested in the same turn but not yet completed: ${v.inSameBatch.join(', ')}. Tools of one turn run together, so wait for their results.`);
  }
  lines.push(`Next step: call the tools above, wait for their successful results, then call "${v.tool}" again.`);
  lines.push(v.succeeded.length > 0 ? `Tools that already succeeded in this run: ${v.succeeded.join(', ')}.` : 'No tool has succeeded yet in this run.');
  return lines.join('\n');
}
