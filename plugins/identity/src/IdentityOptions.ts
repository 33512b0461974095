import { z } from 'zod';

/**
 * Finds customers for verification.
 * @category Plugins
 */
export interface CustomerDirectory {
  /**
   * Looks a customer up by e-mail address.
   * @param email - the address the customer gave
   * @returns the customer's id (the future VerifiedCustomerId), or undefined
   */
  findByEmail(email: string): Promise<string | undefined> | string | undefined;
}

/**
 * Sends one-time codes to customers (e-mail, SMS…).
 * @category Plugins
 */
export interface CodeNotifier {
  /**
   * Sends a code to the customer's address on file.
   * @param customerId - the customer
   * @param email - the address
   * @param code - the one-time code
   */
  send(customerId: string, email: string, code: string): Promise<void> | void;
}

/**
 * Options of the identity plugin.
 * @category Plugins
 */
export const IdentityOptionsSchema = z.strictObject({
  /** The run-as user of each service agent, by agent name (a least-privilege service identity). */
  serviceUsers: z.record(z.string(), z.string().min(1)).default({}),
  /** Customer verification by one-time code; omit to not register the verification actions. */
  verification: z
    .strictObject({
      /** Where customers are looked up. */
      directory: z.custom<CustomerDirectory>((v) => typeof (v as CustomerDirectory | null)?.findByEmail === 'function', 'a CustomerDirectory'),
      /** How codes are sent. */
      notifier: z.custom<CodeNotifier>((v) => typeof (v as CodeNotifier | null)?.send === 'function', 'a CodeNotifier'),
      /** How long a code is valid, in milliseconds (default 5 minutes). */
      codeTtlMs: z.number().int().min(10_000).max(3_600_000).default(300_000),
      /** Wrong codes allowed before the code is void (default 5). */
      maxAttempts: z.number().int().min(1).max(10).default(5),
      /** Digits per code (default 6). */
      codeLength: z.number().int().min(6).max(10).default(6),
    })
    .optional(),
});

/** @category Plugins */
export type IdentityOptions = z.output<typeof IdentityOptionsSchema>;
/** @category Plugins */
export type IdentityOptionsInput = z.input<typeof IdentityOptionsSchema>;
