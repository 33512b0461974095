/**
 * Credential shapes the audit masker removes under the `masked` policy, on top of personal data:
 * text a user pasted or a tool returned that would grant access if read from the audit store.
 * Each is replaced by `[SECRET]`.
 * @category Plugins
 */
export const SECRET_PATTERNS: readonly RegExp[] = Object.freeze([
  // PEM private keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  // JSON Web Tokens (header.payload.signature)
  /\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/g,
  // API keys of LLM providers and payment processors (sk-…, sk_live_…, rk_live_…)
  /\b(?:sk|rk|pk)[-_](?:live[-_]|test[-_]|proj[-_]|ant[-_])?[A-Za-z0-9_-]{16,}/g,
  // AWS access key ids
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // GitHub, GitLab and Slack tokens
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})/g,
  // Bearer credentials
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
  // password=…, "password": "…", api_key: …, secret=…
  /\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token)\b(\s*["']?\s*[:=]\s*["']?)[^\s"',;}]{4,}/gi,
]);
