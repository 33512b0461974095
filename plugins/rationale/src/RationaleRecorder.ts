import { createHash } from 'node:crypto';

/**
 * One tool call's rationale, as kept for the audit trail (R-RAT-3, R-AUDIT-1). It holds the text:
 * keep it in an access-controlled audit store, never in operational logs (R-ACT-LOG-1, R-AUDIT-4).
 * @category Plugins
 */
export interface RationaleRecord {
  /** The run's id. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The tool call's id. */
  readonly callId: string;
  /** The tool the model called. */
  readonly tool: string;
  /** The rationale (at most `maxLength` characters), or undefined when the model gave none. */
  readonly rationale: string | undefined;
  /** The length of the rationale as the model sent it (0 when none). */
  readonly length: number;
  /** Whether the text was cut to `maxLength`. */
  readonly truncated: boolean;
  /** The SHA-256 (hex) of the rationale as the model sent it, or undefined when none. */
  readonly sha256: string | undefined;
  /** Whether the call was blocked for want of a rationale (`required` mode). */
  readonly blocked: boolean;
}

/**
 * Computes the SHA-256 (hex) of a text: the form of a rationale that events may carry.
 * @param text - the text
 * @returns its hash, 64 hex digits
 * @category Plugins
 */
export function hashRationale(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Keeps the rationales of recent runs in memory, per run, for the audit trail (R-RAT-3). At most
 * `maxRuns` runs are kept; the oldest is dropped first. Bound as `rationale.Recorder` by
 * `rationaleModule`.
 * @example
 * ```ts
 * const recorder = container.get('rationale.Recorder');
 * for (const r of recorder.forRun(result.runId)) audit.write(r);
 * ```
 * @category Plugins
 */
export class RationaleRecorder {
  readonly #runs = new Map<string, RationaleRecord[]>();
  readonly #maxRuns: number;

  /**
   * @param maxRuns - how many runs to keep (default 1,000)
   */
  constructor(maxRuns = 1_000) {
    this.#maxRuns = maxRuns;
  }

  /**
   * Adds a record to its run (ignored when the run already has one for the same call, as when a
   * suspended call resumes).
   * @param record - the record
   * @returns whether it was added
   */
  add(record: RationaleRecord): boolean {
    let list = this.#runs.get(record.runId);
    if (list?.some((r) => r.callId === record.callId)) return false;
    if (!list) {
      list = [];
      this.#runs.set(record.runId, list);
      while (this.#runs.size > this.#maxRuns) {
        const oldest = this.#runs.keys().next().value;
        if (oldest === undefined) break;
        this.#runs.delete(oldest);
      }
    }
    list.push(Object.freeze({ ...record }));
    return true;
  }

  /**
   * Whether a run already has a record for a call.
   * @param runId - the run's id
   * @param callId - the tool call's id
   * @returns true when the call was recorded (and its run not dropped)
   */
  has(runId: string, callId: string): boolean {
    return this.#runs.get(runId)?.some((r) => r.callId === callId) ?? false;
  }

  /**
   * The records of one run, in the order the calls were examined.
   * @param runId - the run's id
   * @returns its records (empty when none or dropped)
   */
  forRun(runId: string): readonly RationaleRecord[] {
    return Object.freeze([...(this.#runs.get(runId) ?? [])]);
  }

  /**
   * Forgets one run (after its records were persisted).
   * @param runId - the run's id
   * @returns whether the run was known
   */
  clear(runId: string): boolean {
    return this.#runs.delete(runId);
  }
}
