import { z } from 'zod';

/**
 * One line of a prompt-injection evaluation file such as `prompt-injection.dev.jsonl`: the text,
 * its label (1 = injection or jailbreak, 0 = benign) and its category. Other keys (`id`, `source`)
 * are allowed and dropped.
 * @category CLI
 */
export const PromptSafetyEvalRowSchema = z.object({
  /** The text. */
  text: z.string(),
  /** 1 = injection or jailbreak, 0 = benign. */
  label: z.union([z.literal(0), z.literal(1)]),
  /** The row's category. */
  category: z.string(),
});

/**
 * A parsed prompt-injection evaluation row.
 * @category CLI
 */
export type PromptSafetyEvalRowInput = z.output<typeof PromptSafetyEvalRowSchema>;
