/**
 * Which SQL database a {@link SqlDataBackend} talks to.
 * @category Backends
 */
export type SqlDialectKind = 'sqlite' | 'postgres';
