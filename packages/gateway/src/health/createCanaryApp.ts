import { type AgentApp, defineAction, defineAgent } from '@agent-studio/core';
import { z } from 'zod';
import { CANARY_ACTION, CANARY_AGENT } from './CanaryModel.js';

/**
 * The health canary as an agent app: one conversational employee agent whose one public read
 * action answers `pong`. The gateway serves it on its own runtime with {@link CanaryModel}, reached
 * only with the gateway's synthetic credentials.
 * @returns the app
 * @category Gateway
 */
export function createCanaryApp(): AgentApp {
  const ping = defineAction({
    name: CANARY_ACTION,
    description: 'Answers pong; used by the health canary.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({}),
    run: () => ({ pong: true }),
  });
  const agent = defineAgent({
    name: CANARY_AGENT,
    audience: 'employee',
    model: { name: 'canary-stub' },
    instructions: 'Call canary_ping, then answer ok.',
    capabilities: [{ action: CANARY_ACTION }],
  });
  return { agent, actions: [ping] };
}
