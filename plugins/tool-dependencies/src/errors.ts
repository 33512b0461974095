declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** A tool call was blocked because its prerequisites have not succeeded yet in this run (R-DEP-10). */
    DEPENDENCY_VALIDATION_ERROR: true;
    /** The run was stopped: too many dependency violations in one run (R-DEP-9 circuit breaker). */
    DEPENDENCY_CIRCUIT_OPEN: true;
    /** The agent's tool dependency graph is invalid for the agent, so every tool call is blocked (fail closed). */
    DEPENDENCY_GRAPH_INVALID: true;
  }
}

/**
 * The error codes this plugin blocks with.
 * @category Plugins
 */
export type ToolDependencyErrorCode = 'DEPENDENCY_VALIDATION_ERROR' | 'DEPENDENCY_CIRCUIT_OPEN' | 'DEPENDENCY_GRAPH_INVALID';
