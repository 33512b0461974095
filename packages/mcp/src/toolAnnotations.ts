import type { ActionDefinition } from '@agent-studio/core';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

/**
 * The MCP tool annotations of an action, from its classification (SPEC §12): `readOnlyHint` for
 * a read, `destructiveHint` for a write or a delete, `openWorldHint` for an external effect, and a
 * title made from the name. An external action states no `destructiveHint`, so a client assumes
 * the MCP default (destructive).
 * @param action - the action's declaration
 * @returns the annotations
 * @example
 * ```ts
 * toolAnnotations(getOrder.definition) // { title: 'Get order', readOnlyHint: true, destructiveHint: false, openWorldHint: false }
 * ```
 * @category MCP
 */
export function toolAnnotations(action: Pick<ActionDefinition, 'name' | 'effect'>): ToolAnnotations {
  const title = titleOf(action.name);
  switch (action.effect) {
    case 'read':
      return { title, readOnlyHint: true, destructiveHint: false, openWorldHint: false };
    case 'write':
    case 'delete':
      return { title, readOnlyHint: false, destructiveHint: true, openWorldHint: false };
    default:
      return { title, readOnlyHint: false, openWorldHint: true };
  }
}

/**
 * A human title for an action name: `get_order` → `Get order`.
 * @param name - the action's name
 * @returns the title
 * @category MCP
 */
export function titleOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\-\s]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
  const text = words.join(' ');
  return text.length === 0 ? name : text.charAt(0).toUpperCase() + text.slice(1);
}
