import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { CANARY_AGENT } from './CanaryModel.js';

/**
 * The gateway's health, from the most recent probes (R-HEALTH-1): `ok` when the last probes all
 * passed within the latency budget, `degraded` when some failed or were slow, `down` when all
 * failed, `starting` before the first probe.
 * @category Gateway
 */
export type HealthStatus = 'ok' | 'degraded' | 'down' | 'starting';

/**
 * What the probe reports.
 * @category Gateway
 */
export interface ProbeReport {
  /** The status. */
  readonly status: HealthStatus;
  /** Probes in the window. */
  readonly runs: number;
  /** Share of the window's probes that passed (0..1). */
  readonly successRate: number;
  /** The latest probe's latency. */
  readonly lastLatencyMs?: number;
  /** When the latest probe ran (ISO 8601). */
  readonly lastAt?: string;
  /** The latest failure's code, when the latest probe failed. */
  readonly lastError?: string;
}

/**
 * Options of {@link SyntheticProbe}.
 * @category Gateway
 */
export interface SyntheticProbeOptions {
  /** The gateway to probe, through its whole HTTP path (edge, session, tokens, runtime). */
  readonly server: FastifyInstance;
  /** Mints the synthetic edge credential (never accepted from outside: its key lives in memory). */
  readonly credential: () => Promise<string>;
  /** Where to report (prometheus). */
  readonly registry: Registry;
  /** How many recent probes decide the status (default 5). */
  readonly window?: number;
  /** A probe slower than this counts as degraded (default 1,000 ms). */
  readonly slowMs?: number;
}

/**
 * Probes the gateway with the canary agent: a session, then a message whose run makes two model
 * turns and one tool call on the stub model. Its traffic is tagged synthetic, so it spends no
 * tenant's budget and no cost (R-HEALTH-2). Results go to `/readyz` and to the metrics
 * `agent_studio_synthetic_probe_*`.
 * @category Gateway
 */
export class SyntheticProbe {
  readonly #options: SyntheticProbeOptions;
  readonly #results: { ok: boolean; latencyMs: number; at: number; error?: string }[] = [];
  readonly #latency: Histogram;
  readonly #outcomes: Counter;
  readonly #up: Gauge;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  /** @param options - the server, the synthetic credential and the registry */
  constructor(options: SyntheticProbeOptions) {
    this.#options = options;
    const registers = [options.registry];
    this.#latency = new Histogram({
      name: 'agent_studio_synthetic_probe_duration_seconds',
      help: 'Latency of the synthetic canary probe through the whole gateway path.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#outcomes = new Counter({ name: 'agent_studio_synthetic_probe_total', help: 'Synthetic canary probes, by outcome.', labelNames: ['outcome'], registers });
    this.#up = new Gauge({ name: 'agent_studio_synthetic_probe_up', help: '1 when the latest synthetic probe passed, 0 when it failed.', registers });
  }

  /**
   * Probes now and then every `intervalMs`.
   * @param intervalMs - the cadence
   */
  start(intervalMs: number): void {
    if (this.#timer) return;
    void this.probe();
    this.#timer = setInterval(() => void this.probe(), intervalMs);
    this.#timer.unref();
  }

  /** Stops probing and waits for a probe in flight. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /**
   * Runs one probe (one at a time; a call during a probe waits for it).
   * @returns when it is done
   */
  probe(): Promise<void> {
    this.#running ??= this.#probe().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /**
   * The status from the most recent probes.
   * @returns the report
   */
  report(): ProbeReport {
    const window = this.#results;
    if (window.length === 0) return { status: 'starting', runs: 0, successRate: 0 };
    const passed = window.filter((r) => r.ok).length;
    const slowMs = this.#options.slowMs ?? 1_000;
    const last = window[window.length - 1] as (typeof window)[number];
    const status: HealthStatus = passed === 0 ? 'down' : passed === window.length && window.every((r) => r.latencyMs <= slowMs) ? 'ok' : 'degraded';
    return {
      status,
      runs: window.length,
      successRate: passed / window.length,
      lastLatencyMs: Math.round(last.latencyMs * 10) / 10,
      lastAt: new Date(last.at).toISOString(),
      ...(last.error ? { lastError: last.error } : {}),
    };
  }

  async #probe(): Promise<void> {
    const started = performance.now();
    let error: string | undefined;
    try {
      const authorization = `Bearer ${await this.#options.credential()}`;
      const created = await this.#options.server.inject({ method: 'POST', url: `/v1/agents/${CANARY_AGENT}/sessions`, headers: { authorization, 'content-type': 'application/json' }, payload: '{}' });
      if (created.statusCode !== 201) throw new Error(codeOf(created.body) ?? `HTTP_${created.statusCode}`);
      const { sessionId } = created.json() as { sessionId: string };
      const sent = await this.#options.server.inject({
        method: 'POST',
        url: `/v1/sessions/${sessionId}/messages`,
        headers: { authorization: `Bearer ${await this.#options.credential()}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ content: 'ping' }),
      });
      if (sent.statusCode !== 200) throw new Error(codeOf(sent.body) ?? `HTTP_${sent.statusCode}`);
      const body = sent.json() as { status?: string; reply?: string };
      if (body.status !== 'completed' || body.reply !== 'ok') throw new Error('CANARY_UNEXPECTED_REPLY');
    } catch (cause) {
      error = (cause as Error).message.slice(0, 64);
    }
    const latencyMs = performance.now() - started;
    this.#latency.observe(latencyMs / 1000);
    this.#outcomes.inc({ outcome: error ? 'failure' : 'success' });
    this.#up.set(error ? 0 : 1);
    this.#results.push({ ok: !error, latencyMs, at: Date.now(), ...(error ? { error } : {}) });
    const size = this.#options.window ?? 5;
    while (this.#results.length > size) this.#results.shift();
  }
}

function codeOf(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
