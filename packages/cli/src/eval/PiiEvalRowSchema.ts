import { z } from 'zod';

/**
 * One labelled span of a PII evaluation row (offsets in UTF-16 code units, end exclusive).
 * @category CLI
 */
export const PiiEvalSpanSchema = z.object({
  /** Start offset. */
  start: z.number().int().nonnegative(),
  /** End offset, exclusive. */
  end: z.number().int().nonnegative(),
  /** The entity type, e.g. `EMAIL`. */
  type: z.string().min(1),
  /** The labelled text; when given it must equal the text between the offsets. */
  value: z.string().optional(),
});

/**
 * One line of a PII evaluation file such as `pii.dev.jsonl`: the text, its labelled spans (inside
 * the text, start before end, value matching when given) and its category. Other keys (`id`,
 * `source`) are allowed and dropped.
 * @category CLI
 */
export const PiiEvalRowSchema = z
  .object({
    /** The text. */
    text: z.string(),
    /** The labelled spans. */
    spans: z.array(PiiEvalSpanSchema),
    /** The row's category (`synthetic_decoy` rows hold decoys only). */
    category: z.string(),
  })
  .superRefine((row, ctx) => {
    row.spans.forEach((span, i) => {
      if (span.end <= span.start || span.end > row.text.length) {
        ctx.addIssue({ code: 'custom', path: ['spans', i], message: `offsets ${span.start}-${span.end} are not a span of the ${row.text.length}-character text` });
      } else if (span.value !== undefined && row.text.slice(span.start, span.end) !== span.value) {
        ctx.addIssue({ code: 'custom', path: ['spans', i, 'value'], message: 'does not equal the text between the offsets' });
      }
    });
  });

/**
 * A parsed PII evaluation row.
 * @category CLI
 */
export type PiiEvalRowInput = z.output<typeof PiiEvalRowSchema>;
