import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { IdentityOptions } from './IdentityOptions.js';

interface PendingCode {
  readonly customerId: string;
  readonly hash: Buffer;
  readonly expiresAt: number;
  attempts: number;
}

/**
 * The outcome of a code check.
 * @category Plugins
 */
export type VerificationResult = VerificationSuccess | VerificationFailure;

/**
 * A code matched.
 * @category Plugins
 */
export interface VerificationSuccess {
  /** Always true. */
  readonly ok: true;
  /** The verified customer. */
  readonly customerId: string;
}

/**
 * A code did not match, or there was none.
 * @category Plugins
 */
export interface VerificationFailure {
  /** Always false. */
  readonly ok: false;
  /** Why: no code sent, expired, wrong, or void after too many attempts. */
  readonly reason: 'no-code' | 'expired' | 'wrong' | 'locked';
}

/**
 * One-time-code verification of customers (R-ACT-VER-1): codes are random, stored only as a
 * hash, expire, allow a limited number of attempts, and are compared in constant time. Codes are
 * kept per tenant and session, in memory.
 * @category Plugins
 */
export class CustomerVerification {
  readonly #options: NonNullable<IdentityOptions['verification']>;
  readonly #clock: () => number;
  readonly #pending = new Map<string, PendingCode>();

  /**
   * @param options - directory, notifier, lifetime, attempts and length
   * @param clock - the clock
   */
  constructor(options: NonNullable<IdentityOptions['verification']>, clock: () => number = Date.now) {
    this.#options = options;
    this.#clock = clock;
  }

  /**
   * Sends a code if the address belongs to a customer. The answer is the same either way, so the
   * caller learns nothing about which addresses exist.
   * @param key - the tenant and session
   * @param email - the address the customer gave
   */
  async send(key: string, email: string): Promise<void> {
    const customerId = await this.#options.directory.findByEmail(email.trim().toLowerCase());
    if (customerId === undefined) return;
    const code = String(randomInt(0, 10 ** this.#options.codeLength)).padStart(this.#options.codeLength, '0');
    this.#pending.set(key, { customerId, hash: digest(code), expiresAt: this.#clock() + this.#options.codeTtlMs, attempts: 0 });
    await this.#options.notifier.send(customerId, email, code);
  }

  /**
   * Checks a code.
   * @param key - the tenant and session
   * @param code - the code the customer typed
   * @returns the verified customer's id, or why it failed
   */
  check(key: string, code: string): VerificationResult {
    const pending = this.#pending.get(key);
    if (!pending) return { ok: false, reason: 'no-code' };
    if (this.#clock() >= pending.expiresAt) {
      this.#pending.delete(key);
      return { ok: false, reason: 'expired' };
    }
    pending.attempts += 1;
    if (timingSafeEqual(digest(code.trim()), pending.hash)) {
      this.#pending.delete(key);
      return { ok: true, customerId: pending.customerId };
    }
    if (pending.attempts >= this.#options.maxAttempts) {
      this.#pending.delete(key);
      return { ok: false, reason: 'locked' };
    }
    return { ok: false, reason: 'wrong' };
  }
}

function digest(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}
