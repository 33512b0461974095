import { ActionExecutionError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** An MCP server's tool answered with `isError` (the remote tool failed). */
    MCP_TOOL_ERROR: true;
    /** An MCP tool could not be called: the connection or the protocol failed, or the server refused the request. */
    MCP_CALL_FAILED: true;
  }
}

/**
 * A call of a remote MCP tool (an action made by {@link mcpToolsAsActions}) failed. The runtime
 * turns it into a failed action result with its code: `MCP_TOOL_ERROR` when the remote tool
 * answered with `isError`, `MCP_CALL_FAILED` when the call did not complete.
 * @category MCP
 */
export class McpToolError extends ActionExecutionError {}
