import {
  $inject,
  type AgentPlugin,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
  decide,
  type HookDecision,
  type ModelCallContext,
  type ModelResultContext,
  type PluginManifest,
} from '@agent-studio/core';
import { injectable } from 'inversify';
import { sanitizeMarkdownLinks } from './encoding/sanitizeMarkdownLinks.js';
import { stripControlCharacters } from './encoding/stripControlCharacters.js';
import { OutputValidationError } from './errors/OutputValidationError.js';
import type { OutputGuardSettings, ResolvedOutputPolicy } from './OutputGuardOptions.js';
import { parseStructuredOutput } from './structured/parseStructuredOutput.js';

/**
 * The output guard's priority, 450: between pii-masking (400) and approvals (500). `after*` hooks
 * run in reverse priority order, so its `afterModelCall` runs after pii-masking has unmasked the
 * reply and checks the text the user and downstream code will get. Its `beforeModelCall` only adds
 * `response_format`, which no higher-priority plugin depends on.
 * @category Plugins
 */
export const OUTPUT_GUARD_PRIORITY = 450;

/**
 * Guards the agent's final reply (R-ACT-OUT-1, R-ACT-OUT-3). For the final reply (an assistant
 * message without tool calls) of every run, in this order:
 * 1. a reply longer than `maxReplyChars` blocks the run with `OUTPUT_TOO_LARGE`;
 * 2. control characters and invisible format characters are removed (`stripControlChars`);
 * 3. when the agent has an `output` schema, the reply must be JSON (or one ```json block) that
 *    matches it, or the run blocks with `OUTPUT_INVALID` (`OUTPUT_TOO_LARGE` when nested too
 *    deeply); the reply then becomes the JSON of the validated value (`rewriteReply`);
 * 4. for a free-text reply with a `links` policy, links and images to other hosts are removed.
 *
 * Before each model call it asks for JSON through `response_format` when the agent has an `output`
 * schema and the request has no format yet. Block reasons name the path and the kind of failure,
 * never the content (R-ACT-LOG-1). Fail-closed: a throwing hook blocks the run.
 *
 * @remarks
 * A reply that fails validation ends the run as `blocked`; the model is not asked to try again,
 * because the runtime has no way for an `afterModelCall` hook to send feedback and continue.
 * @category Plugins
 */
@injectable()
export class OutputGuardPlugin implements AgentPlugin {
  /** The manifest: priority 450, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'output-guard',
    version: '0.1.0',
    priority: OUTPUT_GUARD_PRIORITY,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #settings: OutputGuardSettings;

  /** @param settings - the resolved settings (see `resolveOutputGuardOptions`) */
  constructor(@$inject('outputGuard.Settings') settings: OutputGuardSettings) {
    this.#settings = settings;
  }

  /**
   * The rules that apply to an agent.
   * @param agent - the agent's name
   * @returns its own rules, or the defaults
   */
  policyOf(agent: string): ResolvedOutputPolicy {
    return this.#settings.agents.get(agent) ?? this.#settings.defaults;
  }

  /**
   * Asks for structured output: adds the agent's `response_format` when it has an output schema and
   * the request has none.
   * @param ctx - the model call
   * @returns continue, or a replace with the format added
   */
  beforeModelCall(ctx: ModelCallContext): HookDecision<ChatCompletionRequest> {
    const format = this.policyOf(ctx.agent.name).responseFormat;
    if (!format || ctx.request.response_format) return decide.continue();
    return decide.replace({ ...ctx.request, response_format: format }, 'requested structured output');
  }

  /**
   * Checks the final reply: length, control characters, the output schema and links.
   * @param ctx - the model result
   * @returns continue; a replace with the cleaned reply; or a block with `OUTPUT_TOO_LARGE` or `OUTPUT_INVALID`
   */
  afterModelCall(ctx: ModelResultContext): HookDecision<ChatCompletionResponse> {
    const choice = ctx.response.choices[0];
    if (!choice || (choice.message.tool_calls?.length ?? 0) > 0) return decide.continue();
    const policy = this.policyOf(ctx.agent.name);
    const field = choice.message.content == null && typeof choice.message.refusal === 'string' ? 'refusal' : 'content';
    const original = (field === 'refusal' ? choice.message.refusal : choice.message.content) ?? '';
    if (original.length > policy.maxReplyChars) {
      return decide.block('OUTPUT_TOO_LARGE', `the final reply has ${original.length} characters; at most ${policy.maxReplyChars} are allowed`);
    }
    let reply = policy.stripControlChars ? stripControlCharacters(original) : original;
    const notes: string[] = [];
    if (reply !== original) notes.push('removed control characters');
    if (policy.output) {
      if (field === 'refusal') return decide.block('OUTPUT_INVALID', 'the model refused instead of giving the structured reply the agent requires');
      let value: unknown;
      try {
        value = parseStructuredOutput(reply, policy.output, { maxChars: policy.maxReplyChars, maxDepth: policy.maxJsonDepth });
      } catch (error) {
        if (!OutputValidationError.isOutputError(error)) throw error;
        return decide.block(error.code, `structured reply: ${error.message}`);
      }
      if (policy.rewriteReply) {
        const canonical = JSON.stringify(value) ?? 'null';
        if (canonical !== reply) notes.push('rewrote the reply as the validated JSON');
        reply = canonical;
      }
    } else if (policy.links) {
      const sanitized = sanitizeMarkdownLinks(reply, policy.links);
      if (sanitized !== reply) notes.push('removed links to hosts not allowed');
      reply = sanitized;
    }
    if (reply === original) return decide.continue();
    const message = { ...choice.message, [field]: reply };
    const choices = [{ ...choice, message }, ...ctx.response.choices.slice(1)];
    return decide.replace({ ...ctx.response, choices }, notes.join('; '));
  }
}
