/** The content-bearing and secret keys that `createLogger` censors. */
const KEYS = [
  'content',
  'prompt',
  'messages',
  'input',
  'output',
  'reply',
  'request',
  'response',
  'args',
  'arguments',
  'result',
  'rationale',
  'reason',
  'text',
  'body',
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'password',
  'secret',
  'apiKey',
] as const;

/**
 * The pino redaction paths `createLogger` always applies: each content-bearing or secret key
 * (`content`, `prompt`, `messages`, `input`, `reply`, `args`, `arguments`, `result`, `rationale`,
 * `reason`, `text`, `body`, `authorization`, `cookie`, `token`, `accessToken`, `password`, `secret`,
 * `apiKey`, …) at the top level and one level down (`*.key`), plus `headers.authorization` and
 * `headers.cookie` at both depths.
 * @category Observability
 */
export const DEFAULT_REDACT_PATHS: readonly string[] = Object.freeze([
  ...KEYS,
  ...KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
]);
