import { z } from 'zod';

/**
 * A string that holds one JSON document, such as the stored arguments or result of a tool call.
 * @internal
 */
export const JsonTextSchema = z.string().refine(
  (text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Expected a string that holds valid JSON' },
);
