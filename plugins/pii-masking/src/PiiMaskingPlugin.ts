import {
  assertKnownAgents,
  $inject,
  $multiInject,
  type AgentDefinition,
  type AgentPlugin,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
  type ChatMessage,
  type ContextBag,
  createContextKey,
  decide,
  type HookDecision,
  type Logger,
  type ModelCallContext,
  type ModelResultContext,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  type RuntimeEventMap,
  type RuntimeEvents,
} from '@agent-studio/core';
import { injectable, optional } from 'inversify';
import type { PiiCategory } from './catalog/PiiPattern.js';
import { MaskingSession, type MaskingStats } from './MaskingSession.js';
import { PiiDetector } from './PiiDetector.js';
import { type PiiClassification, type PiiMaskingMode, type PiiMaskingOptions, type ResolvedPiiSettings, resolvePiiSettings } from './PiiMaskingOptions.js';
import type { FieldClassificationIndex } from './schema/FieldClassificationIndex.js';
import { SchemaMasker } from './schema/SchemaMasker.js';
import { ValueMatcher } from './schema/ValueMatcher.js';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** A text of the model request is longer than the PII size guard allows and `onExceed` is `reject` (R-PII-7). */
    PII_INPUT_TOO_LARGE: true;
  }
  interface RuntimeEventMap {
    /** The PII masking plugin masked a model request (counts only, never values; R-PII-11). */
    'pii:masked': PiiMaskedEvent;
    /** The PII masking plugin unmasked a model response (counts only, never values; R-PII-11). */
    'pii:unmasked': PiiUnmaskedEvent;
  }
}

/**
 * The payload of `pii:masked`, emitted before every model call of an agent with masking on. It
 * holds counts and token prefixes (field API names at most), never a value (R-PII-11).
 * @category Plugins
 */
export interface PiiMaskedEvent {
  /** The run's id. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The agent's name. */
  readonly agent: string;
  /** The mode the agent runs with. */
  readonly mode: PiiMaskingMode;
  /** Values that got a token for the first time in this request. */
  readonly newValues: number;
  /** Those new values per token prefix. */
  readonly newPerPrefix: Readonly<Record<string, number>>;
  /** Texts longer than the size guard's `maxChars`. */
  readonly oversizedTexts: number;
  /** What happened to them: masked anyway, passed through without pattern masking, or the call was rejected. */
  readonly sizeGuard: 'mask' | 'passThrough' | 'reject';
  /** The session's statistics so far (R-PII-11). */
  readonly stats: MaskingStats;
}

/**
 * The payload of `pii:unmasked`, emitted after every model call whose response was examined.
 * @category Plugins
 */
export interface PiiUnmaskedEvent {
  /** The run's id. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The agent's name. */
  readonly agent: string;
  /** Known tokens left masked in the assistant's text by the reply policy (`unmaskReply`, `withholdInReply`). */
  readonly withheldTokens: number;
  /** The session's statistics so far (R-PII-11). */
  readonly stats: MaskingStats;
}

/** What the plugin keeps for one run, in the run's context bag only: never persisted, logged or sent. */
interface RunMasking {
  readonly settings: ResolvedPiiSettings;
  /** The value↔token map (R-PII-11). */
  readonly session: MaskingSession;
  /** Undefined in `pattern` mode. */
  readonly schema: SchemaMasker | undefined;
  /** Raw values of sensitive fields, masked wherever else they occur. */
  readonly values: ValueMatcher;
  /** The classifications behind each `FIELD_` token (for the reply policy). */
  readonly classified: Map<string, Set<PiiClassification>>;
  /** The classifications whose tokens the reply keeps masked. */
  readonly withheld: ReadonlySet<PiiClassification>;
  /** Schema-pass results by message: the runtime passes the same frozen message objects every turn. */
  readonly schemaMasked: WeakMap<object, ChatMessage>;
}

/** The run's masking state: one per execution, so tokens stay stable across its model calls (R-PII-11). */
const RUN = createContextKey<RunMasking>('piiMasking.Run');

/** The keys whose string values are masked, wherever they appear in a message (R-PII-13). */
const MASKED_KEYS: ReadonlySet<string> = new Set(['content', 'arguments', 'text']);

/** Context variables the runtime sets from the access context: ids, never masked. */
const RUNTIME_VARIABLES: ReadonlySet<string> = new Set(['CurrentUserId', 'TenantId', 'SessionId']);

/** Shorter raw values are masked where the schema finds them but not searched for elsewhere. */
const MIN_PROPAGATED_LENGTH = 4;

/** `[`, uppercase letters/digits/underscores, `:`, ≥3 digits, `]` (R-PII-12). */
const TOKEN = /\[[A-Z0-9_]+:\d{3,}\]/g;

/**
 * Masks personal data before every model call and unmasks the model's answer (SPEC §5). The model
 * sees `[EMAIL:001]`- and `[FIELD_SSN__C:002]`-style tokens; tools see real values; the user sees
 * real values unless the reply policy withholds them.
 *
 * Before each model call, per agent settings ({@link resolvePiiSettings}):
 * 1. schema pass (not in `pattern` mode, R-PII-16..18): tool results and system/developer texts
 *    that are JSON (or hold fenced JSON blocks) are walked as records, and sensitive field values
 *    replaced by `FIELD_<FIELD>` tokens; sensitive context variables are registered the same way;
 * 2. text pass over every message `content`, content-part `text` and tool-call `arguments`
 *    (R-PII-13): raw values the schema pass found are replaced wherever else they occur, then the
 *    pattern masker runs (not in `schema` mode), subject to the size guard (R-PII-7).
 *
 * After each model call (R-PII-14): tool-call arguments are always unmasked; the assistant's text
 * is unmasked when `unmaskReply` is on, except tokens of classifications in `withholdInReply`.
 *
 * The value↔token map lives in the run's context bag only (R-PII-11). A suspended run's state holds
 * the conversation as the runtime keeps it (raw, never masked), so a resumed run starts a new
 * session that re-masks the whole history; token-shaped text it did not issue is never unmasked
 * and never reissued.
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
  readonly #index: FieldClassificationIndex;
  readonly #agents: readonly AgentDefinition[];
  readonly #settings = new WeakMap<object, ResolvedPiiSettings>();
  readonly #detectors = new Map<string, PiiDetector>();
  #events: RuntimeEvents | undefined;
  #logger: Logger | undefined;

  /**
   * @param options - the parsed options
   * @param index - the field classifications
   * @param agents - the registered agents, whose settings are checked at startup
   */
  constructor(
    @$inject('piiMasking.Options') options: PiiMaskingOptions,
    @$inject('piiMasking.FieldIndex') index: FieldClassificationIndex,
    @$multiInject('core.Agent') @optional() agents: AgentDefinition[],
  ) {
    this.#options = options;
    this.#index = index;
    this.#agents = agents ?? [];
  }

  /**
   * Checks every agent's settings (its `trust['pii-masking']` section, and that each name under the
   * `agents` option is a registered agent) and keeps the events for the statistics.
   * @param api - the setup API
   * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` for an invalid trust section, `CONFIG_INVALID` for an unknown agent name
   */
  setup(api: PluginSetupApi): void {
    this.#events = api.events;
    this.#logger = api.logger;
    for (const agent of this.#agents) this.settingsFor(agent);
    assertKnownAgents('piiMaskingModule', Object.keys(this.#options.agents ?? {}), this.#agents);
  }

  /**
   * The settings an agent runs with (cached per definition).
   * @param agent - the agent
   * @returns the resolved settings
   * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` when its trust section is invalid
   */
  settingsFor(agent: AgentDefinition): ResolvedPiiSettings {
    let settings = this.#settings.get(agent);
    if (!settings) {
      settings = resolvePiiSettings(this.#options, agent);
      this.#settings.set(agent, settings);
    }
    return settings;
  }

  /**
   * The run's masking session, once the run made a model call with masking on.
   * @param bag - the run's context bag
   * @returns the session, or undefined
   */
  sessionOf(bag: ContextBag): MaskingSession | undefined {
    return bag.get(RUN)?.session;
  }

  /**
   * Masks the request: sensitive field values (schema), then known values and patterns (text).
   * @param ctx - the model call
   * @returns continue when nothing was masked; a replace with the masked request; or a block
   *   `PII_INPUT_TOO_LARGE` when a text exceeds the size guard and `onExceed` is `reject`
   */
  beforeModelCall(ctx: ModelCallContext): HookDecision<ChatCompletionRequest> {
    const settings = this.settingsFor(ctx.agent);
    if (!settings.enabled) return decide.continue();
    const run = this.#runOf(ctx.bag, settings, ctx.logger);
    const { session } = run;
    const patterns = settings.mode !== 'schema';
    const guard = settings.sizeGuard;
    const limit = patterns ? guard.maxChars : 0;
    const before = session.stats();

    if (limit > 0 && guard.onExceed === 'reject') {
      const oversized = countOversized(ctx.request.messages, limit);
      if (oversized > 0) {
        this.#emitMasked(ctx, run, before, oversized);
        return decide.block(
          'PII_INPUT_TOO_LARGE',
          `${oversized} text(s) of the model request exceed the PII masking limit of ${limit} characters (sizeGuard.onExceed 'reject'); the model was not called`,
        );
      }
    }
    // tokens this session did not issue (an earlier session's, or typed) are never reissued
    session.reserveTokens(JSON.stringify(ctx.request.messages));

    let messages: readonly ChatMessage[] = ctx.request.messages;
    if (run.schema) {
      const schema = run.schema;
      const tokenize = this.#tokenizer(run);
      for (const [name, value] of Object.entries(ctx.variables)) {
        if (!RUNTIME_VARIABLES.has(name)) schema.maskNamed(name, value, tokenize);
      }
      messages = mapArray(messages, (m) => {
        const cached = run.schemaMasked.get(m);
        if (cached) return cached;
        const masked = maskMessageJson(m, schema, tokenize);
        run.schemaMasked.set(m, masked);
        return masked;
      });
    }

    let oversized = 0;
    const rewrite = (text: string): string => {
      const known = run.values.replace(text);
      if (!patterns) return known;
      if (limit > 0 && text.length > limit) {
        oversized++;
        if (guard.onExceed === 'passThrough') return known;
      }
      return session.mask(known);
    };
    messages = mapArray(messages, (m) => walk(m, (s) => rewrite(s)));
    if (oversized > 0 && guard.onExceed === 'passThrough') {
      ctx.logger.warn(
        { runId: ctx.runId, turn: ctx.turn, plugin: this.manifest.name, texts: oversized, maxChars: limit },
        'PII pattern masking skipped for texts over the size limit (sizeGuard.onExceed passThrough)',
      );
    }

    const added = this.#emitMasked(ctx, run, before, oversized);
    if (messages === ctx.request.messages) return decide.continue();
    return decide.replace({ ...ctx.request, messages: messages as ChatMessage[] }, `masked personal data: ${describe(added)}`);
  }

  /**
   * Unmasks the response: tool-call arguments always (tools need real values); the assistant's text
   * as the reply policy allows.
   * @param ctx - the model result
   * @returns continue when nothing changed, else a replace with the unmasked response
   */
  afterModelCall(ctx: ModelResultContext): HookDecision<ChatCompletionResponse> {
    const run = ctx.bag.get(RUN);
    if (!run) return decide.continue();
    let withheld = 0;
    const choices = mapArray(ctx.response.choices, (choice) =>
      walk(choice, (s, key) => {
        if (key === 'arguments') return run.session.unmask(s);
        const r = this.#unmaskReply(run, s);
        withheld += r.withheld;
        return r.text;
      }),
    );
    this.#emit('pii:unmasked', () => ({ runId: ctx.runId, turn: ctx.turn, agent: ctx.agent.name, withheldTokens: withheld, stats: run.session.stats() }));
    if (choices === ctx.response.choices) return decide.continue();
    const note = withheld > 0 ? `unmasked the response; ${withheld} token(s) withheld by the reply policy` : 'unmasked the response';
    return decide.replace({ ...ctx.response, choices: choices as ChatCompletionResponse['choices'] }, note);
  }

  /** One compiled detector per set of categories, shared by every run (compiling the catalog per run was most of a run's cost). */
  #detectorFor(categories: readonly PiiCategory[], logger: Logger): PiiDetector {
    const key = [...categories].sort().join(',');
    let detector = this.#detectors.get(key);
    if (!detector) {
      detector = new PiiDetector({
        categories,
        onInvalidPattern: (name) => logger.warn({ plugin: this.manifest.name, pattern: name }, 'PII pattern skipped: its regex does not compile'),
      });
      this.#detectors.set(key, detector);
    }
    return detector;
  }

  #runOf(bag: ContextBag, settings: ResolvedPiiSettings, logger: Logger): RunMasking {
    let run = bag.get(RUN);
    if (!run) {
      const session = new MaskingSession({ detector: this.#detectorFor(settings.categories, logger) });
      const schema =
        settings.mode === 'pattern'
          ? undefined
          : new SchemaMasker(this.#index, { sensitiveClassifications: new Set(settings.sensitiveClassifications), nameFallback: settings.nameFallback });
      run = {
        settings,
        session,
        schema,
        values: new ValueMatcher(),
        classified: new Map(),
        withheld: new Set(settings.withholdInReply),
        schemaMasked: new WeakMap(),
      };
      bag.set(RUN, run);
    }
    return run;
  }

  /** Tokens for sensitive field values: shared session counter; the raw value is also masked elsewhere. */
  #tokenizer(run: RunMasking): (value: string, prefix: string, classification: PiiClassification) => string {
    return (value, prefix, classification) => {
      const token = run.session.tokenFor(value, prefix);
      let set = run.classified.get(token);
      if (!set) {
        set = new Set();
        run.classified.set(token, set);
      }
      set.add(classification);
      if (value.length >= MIN_PROPAGATED_LENGTH && value !== 'true' && value !== 'false') {
        run.values.add(value, token);
        const escaped = JSON.stringify(value).slice(1, -1);
        if (escaped !== value) run.values.add(escaped, token);
      }
      return token;
    };
  }

  /** The reply policy (R-PII-14 + SDK): which known tokens of the assistant's text are revealed. */
  #unmaskReply(run: RunMasking, text: string): { readonly text: string; readonly withheld: number } {
    const { session, settings } = run;
    const keep = (token: string): boolean => {
      if (!settings.unmaskReply) return true;
      const classes = run.classified.get(token);
      if (!classes) return false;
      for (const c of classes) if (run.withheld.has(c)) return true;
      return false;
    };
    if (settings.unmaskReply && run.withheld.size === 0) return { text: session.unmask(text), withheld: 0 };
    let out = '';
    let last = 0;
    let withheld = 0;
    for (const m of text.matchAll(TOKEN)) {
      const token = m[0];
      if (!keep(token) || session.unmask(token) === token) continue;
      withheld++;
      out += (settings.unmaskReply ? session.unmask(text.slice(last, m.index)) : text.slice(last, m.index)) + token;
      last = m.index + token.length;
    }
    const rest = text.slice(last);
    return { text: out + (settings.unmaskReply ? session.unmask(rest) : rest), withheld };
  }

  #emitMasked(ctx: ModelCallContext, run: RunMasking, before: MaskingStats, oversized: number): Readonly<Record<string, number>> {
    const stats = run.session.stats();
    const added: Record<string, number> = {};
    for (const [prefix, n] of Object.entries(stats.perPrefix)) {
      const d = n - (before.perPrefix[prefix] ?? 0);
      if (d > 0) added[prefix] = d;
    }
    this.#emit('pii:masked', () => ({
      runId: ctx.runId,
      turn: ctx.turn,
      agent: ctx.agent.name,
      mode: run.settings.mode,
      newValues: stats.uniqueValues - before.uniqueValues,
      newPerPrefix: added,
      oversizedTexts: oversized,
      sizeGuard: run.settings.sizeGuard.onExceed,
      stats,
    }));
    return added;
  }

  #emit<K extends 'pii:masked' | 'pii:unmasked'>(name: K, payload: () => RuntimeEventMap[K]): void {
    const events = this.#events;
    if (!events || events.listenerCount(name) === 0) return;
    try {
      (events.emit as (n: K, p: RuntimeEventMap[K]) => boolean)(name, payload());
    } catch (error) {
      this.#logger?.warn({ plugin: this.manifest.name, event: name, error: (error as Error)?.name }, 'an event listener threw; ignored');
    }
  }
}

/** `EMAIL +1, FIELD_SSN__C +2`, or `nothing new`: prefixes and counts only. */
function describe(added: Readonly<Record<string, number>>): string {
  const parts = Object.entries(added).map(([prefix, n]) => `${prefix} +${n}`);
  return parts.length === 0 ? 'no new values' : `${Object.values(added).reduce((a, b) => a + b, 0)} new value(s) (${parts.join(', ')})`;
}

/** Schema pass on one message: JSON tool results, and JSON (whole or fenced) in system and developer texts. */
function maskMessageJson(message: ChatMessage, schema: SchemaMasker, tokenize: (value: string, prefix: string, classification: PiiClassification) => string): ChatMessage {
  const role = message.role;
  if (role !== 'tool' && role !== 'system' && role !== 'developer') return message;
  const rewrite = (text: string): string => (role === 'tool' ? maskJsonText(text, schema, tokenize) : maskPromptJson(text, schema, tokenize));
  const content = message.content;
  if (typeof content === 'string') {
    const r = rewrite(content);
    return r === content ? message : ({ ...message, content: r } as ChatMessage);
  }
  const parts = mapArray(content as readonly { readonly text?: unknown }[], (part) => {
    if (typeof part.text !== 'string') return part;
    const r = rewrite(part.text);
    return r === part.text ? part : { ...part, text: r };
  });
  return parts === content ? message : ({ ...message, content: parts } as ChatMessage);
}

/** The text, schema-masked when it is a JSON object or array; else the same string. */
function maskJsonText(text: string, schema: SchemaMasker, tokenize: (value: string, prefix: string, classification: PiiClassification) => string): string {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const masked = schema.mask(parsed, tokenize);
  if (masked === parsed) return text;
  // keep the whitespace around the JSON (a fenced block keeps its closing fence on its own line)
  const lead = text.length - t.length;
  const trail = text.length - text.trimEnd().length;
  return text.slice(0, lead) + JSON.stringify(masked) + text.slice(text.length - trail);
}

/** A system or developer text: whole JSON, or JSON inside ``` fences (context data in the prompt, R-PII-18). */
function maskPromptJson(text: string, schema: SchemaMasker, tokenize: (value: string, prefix: string, classification: PiiClassification) => string): string {
  const whole = maskJsonText(text, schema, tokenize);
  if (whole !== text || !text.includes('```')) return whole;
  let out = '';
  let last = 0;
  for (let open = text.indexOf('```'); open !== -1; ) {
    const bodyStart = text.indexOf('\n', open + 3);
    if (bodyStart === -1) break;
    const close = text.indexOf('```', bodyStart + 1);
    if (close === -1) break;
    const body = text.slice(bodyStart + 1, close);
    const masked = maskJsonText(body, schema, tokenize);
    out += text.slice(last, bodyStart + 1) + masked;
    last = close;
    open = text.indexOf('```', close + 3);
  }
  return last === 0 ? text : out + text.slice(last);
}

/** How many masked texts of the messages are longer than `limit`. */
function countOversized(messages: readonly ChatMessage[], limit: number): number {
  let n = 0;
  walk(messages, (s) => {
    if (s.length > limit) n++;
    return s;
  });
  return n;
}

function mapArray<T>(values: readonly T[], f: (v: T) => T): readonly T[] {
  let changed = false;
  const out = values.map((v) => {
    const r = f(v);
    if (r !== v) changed = true;
    return r;
  });
  return changed ? out : values;
}

/**
 * Rewrites the strings under {@link MASKED_KEYS}, recursing into arrays and objects; returns the
 * same object when nothing changed.
 */
function walk<T>(value: T, rewrite: (s: string, key: string) => string): T {
  if (Array.isArray(value)) return mapArray(value, (v: unknown) => walk(v, rewrite)) as T;
  if (typeof value !== 'object' || value === null) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const r = typeof v === 'string' ? (MASKED_KEYS.has(key) ? rewrite(v, key) : v) : walk(v, rewrite);
    if (r !== v) changed = true;
    out[key] = r;
  }
  return (changed ? out : value) as T;
}
