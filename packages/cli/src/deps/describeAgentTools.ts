import { ActionRegistry, type AgentApp } from '@agent-studio/core';

/**
 * What the model is told about one tool when it is asked for a dependency graph: developer-written
 * metadata only, never user data.
 * @category CLI
 */
export interface SuggestionTool {
  /** The tool (capability) name. */
  readonly name: string;
  /** The action's description, or empty when the app registers no action by that name. */
  readonly description: string;
  /** The names of the input fields the model fills (the tool schema's properties), sorted. */
  readonly inputFields: readonly string[];
}

/**
 * The tools of an app's agent, for `deps suggest`: each capability's name and, when the app
 * registers the action (in `actions` or `actionProviders`), its description and input field names.
 * @param app - the agent app
 * @returns the tools, in capability order
 * @throws {@link @agent-studio/core!index.ConfigurationError} when an action of the app cannot be registered
 * @category CLI
 */
export function describeAgentTools(app: AgentApp): SuggestionTool[] {
  const registry = new ActionRegistry();
  for (const action of app.actions ?? []) registry.register(action);
  for (const provider of app.actionProviders ?? []) registry.registerInstance(provider);
  return app.agent.capabilities.map((capability) => {
    const tool = registry.get(capability.action)?.tool;
    const properties = tool?.function.parameters?.properties;
    const inputFields = typeof properties === 'object' && properties !== null ? Object.keys(properties).sort() : [];
    return { name: capability.action, description: tool?.function.description ?? '', inputFields };
  });
}
