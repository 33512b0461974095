/**
 * Agent Studio and the Model Context Protocol, both ways, on the official
 * `@modelcontextprotocol/sdk`.
 *
 * - **Serve an agent's actions as MCP tools** ({@link serveAgentOverMcp}, stdio or Streamable
 *   HTTP): one tool per capability, with the action's JSON Schema and annotations from its
 *   classification (`readOnlyHint` for read, `destructiveHint` for write and delete,
 *   `openWorldHint` for external). Every call is one run of the agent as the authenticated caller,
 *   on a {@link DirectCallModel}, so the whole plugin pipeline applies to it.
 * - **Use an MCP server's tools as actions** ({@link mcpToolsAsActions}): classified private,
 *   external and requiring confirmation by default.
 *
 * @packageDocumentation
 */
export { errorResult, toCallToolResult } from './callResult.js';
export {
  type AgentMcpServerOptions,
  CLASSIFICATION_META_KEY,
  createAgentMcpServer,
  prepareServedAgent,
  type ServedAgent,
  type ServedTool,
} from './createAgentMcpServer.js';
export { DirectCallModel, encodeMcpCall, type McpCallEnvelope, McpCallEnvelopeSchema } from './DirectCallModel.js';
export { jsonSchemaToZod } from './jsonSchemaToZod.js';
export type { McpPrincipal } from './McpPrincipal.js';
export { McpToolError } from './McpToolError.js';
export { type McpToolClient, type McpToolOverrides, type McpToolsAsActionsOptions, mcpToolsAsActions } from './mcpToolsAsActions.js';
export {
  type BearerAuthenticator,
  type HttpServeOptions,
  type McpServeHandle,
  type ServeAgentOverMcpOptions,
  type StdioServeOptions,
  serveAgentOverMcp,
} from './serveAgentOverMcp.js';
export { titleOf, toolAnnotations } from './toolAnnotations.js';
