import {
  $inject,
  type AgentPlugin,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
  type ContextBag,
  createContextKey,
  decide,
  type HookDecision,
  type ModelCallContext,
  type ModelResultContext,
  PluginPriority,
  type PluginManifest,
} from '@agent-studio/core';
import { injectable } from 'inversify';
import type { PiiCategory } from './catalog/PiiPattern.js';
import { MaskingSession } from './MaskingSession.js';
import type { PiiMaskingOptions } from './PiiMaskingOptions.js';

/** The run's masking session: one per execution, so tokens stay stable across its model calls (R-PII-11). */
const SESSION = createContextKey<MaskingSession>('piiMasking.Session');

/** The keys whose string values are masked, wherever they appear in a message (R-PII-13). */
const MASKED_KEYS: ReadonlySet<string> = new Set(['content', 'arguments', 'text']);

/**
 * Masks personal data before every model call and unmasks the model's answer (SPEC §5): the model
 * sees `[EMAIL:001]`-style tokens, tools and the user see the real values. Message `content`, content
 * part `text` and tool-call `arguments` are masked throughout the request (R-PII-13); the response's
 * content and tool-call arguments are unmasked (R-PII-14). Tokens come from one in-memory session per
 * run, kept in the context bag.
 * @category Plugins
 */
@injectable()
export class PiiMaskingPlugin implements AgentPlugin {
  /** The manifest: priority 400, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'pii-masking',
    version: '0.1.0',
    priority: PluginPriority.PiiMasking,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #options: PiiMaskingOptions;

  /** @param options - the parsed options */
  constructor(@$inject('piiMasking.Options') options: PiiMaskingOptions) {
    this.#options = options;
  }

  /**
   * The run's masking session, created on first use.
   * @param bag - the run's context bag
   * @returns the session
   */
  sessionOf(bag: ContextBag): MaskingSession {
    let session = bag.get(SESSION);
    if (!session) {
      session = new MaskingSession({ categories: this.#options.categories as PiiCategory[] });
      bag.set(SESSION, session);
    }
    return session;
  }

  /**
   * Masks every message's content and tool-call arguments.
   * @param ctx - the model call
   * @returns continue when nothing was masked, else a replace with the masked request
   */
  beforeModelCall(ctx: ModelCallContext): HookDecision<ChatCompletionRequest> {
    if (this.#options.mode === 'schema') return decide.continue();
    const session = this.sessionOf(ctx.bag);
    const before = session.stats().uniqueValues;
    let changed = false;
    const messages = ctx.request.messages.map((message) => {
      const masked = walk(message, (s) => session.mask(s));
      if (masked !== message) changed = true;
      return masked;
    });
    if (!changed) return decide.continue();
    const added = session.stats().uniqueValues - before;
    return decide.replace({ ...ctx.request, messages }, `masked personal data (${added} new value(s))`);
  }

  /**
   * Unmasks the assistant's content and tool-call arguments, so tools run with real values.
   * @param ctx - the model result
   * @returns continue when no known token was found, else a replace with the unmasked response
   */
  afterModelCall(ctx: ModelResultContext): HookDecision<ChatCompletionResponse> {
    const session = ctx.bag.get(SESSION);
    if (!session) return decide.continue();
    const unmasked = walk(ctx.response.choices, (s) => session.unmask(s));
    if (unmasked === ctx.response.choices) return decide.continue();
    return decide.replace({ ...ctx.response, choices: unmasked }, 'unmasked tokens in the response');
  }
}

/**
 * Rewrites the strings under {@link MASKED_KEYS}, recursing into arrays and objects; returns the
 * same object when nothing changed.
 */
function walk<T>(value: T, rewrite: (s: string) => string): T {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v: unknown) => {
      const r = walk(v, rewrite);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (typeof value !== 'object' || value === null) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const r = typeof v === 'string' ? (MASKED_KEYS.has(key) ? rewrite(v) : v) : walk(v, rewrite);
    if (r !== v) changed = true;
    out[key] = r;
  }
  return (changed ? out : value) as T;
}
