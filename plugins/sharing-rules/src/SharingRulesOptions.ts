import { randomBytes } from 'node:crypto';

/**
 * Options of the sharing-rules plugin.
 * @category Plugins
 */
export interface SharingRulesOptions {
  /** Makes ids for new records (default: 18 random base-62 characters). */
  readonly newId: (object: string) => string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The default id maker: 18 random base-62 characters (about 107 bits).
 * @returns a new id
 * @category Plugins
 */
export function randomRecordId(): string {
  const bytes = randomBytes(18);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}
