import { z } from 'zod';

/**
 * The limit on one action: which argument holds the amount (in cents), the most one call may
 * spend, and the most all calls of one run may spend together.
 */
export const SpendLimitSchema = z.strictObject({
  /** The name of the action's input that holds the amount, in cents. */
  argument: z.string().min(1),
  /** The most one call may spend, in cents. */
  maxPerCall: z.number().int().positive(),
  /** The most the calls of one run may spend together, in cents (default: no run limit). */
  maxPerRun: z.number().int().positive().optional(),
});

/** The limit on one action. */
export type SpendLimit = z.output<typeof SpendLimitSchema>;

/** The options of {@link spendLimitModule}: a limit per action name; other actions are not limited. */
export const SpendLimitOptionsSchema = z.strictObject({
  /** The limit per action name. */
  limits: z.record(z.string().min(1), SpendLimitSchema),
});

/** The options, as given. */
export type SpendLimitOptionsInput = z.input<typeof SpendLimitOptionsSchema>;

/** The options, validated. */
export type SpendLimitOptions = z.output<typeof SpendLimitOptionsSchema>;
