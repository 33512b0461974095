import type { z } from 'zod';
import { GatewayError } from '../errors/GatewayError.js';

/** Body fields that would name who a request is for; identity comes only from the credential. */
const IDENTITY_FIELDS = ['originalUserId', 'userId', 'user', 'tenantId', 'tenant', 'runAs', 'onBehalfOf'] as const;

/**
 * Refuses a body that names a user or tenant other than the authenticated one (R-EDGE-3): 403, not
 * a silent override and not a validation error. Acting on behalf of another user is not offered.
 * @param body - the parsed body
 * @param principal - the authenticated tenant and user
 * @throws {@link GatewayError} `GATEWAY_FORBIDDEN` when a field disagrees with the credential
 * @internal
 */
export function refuseIdentityFields(body: unknown, principal: { readonly tenantId: string; readonly userId: string }): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  for (const field of IDENTITY_FIELDS) {
    if (!Object.hasOwn(body, field)) continue;
    const value = (body as Record<string, unknown>)[field];
    const own = field.startsWith('tenant') ? principal.tenantId : principal.userId;
    if (value !== own) {
      throw new GatewayError('GATEWAY_FORBIDDEN', `Forbidden: the body names another ${field.startsWith('tenant') ? 'tenant' : 'user'} (${field}); identity comes only from your credential.`, {
        details: { field },
      });
    }
  }
}

/**
 * Validates one part of a request against its schema.
 * @param schema - the schema
 * @param value - the params, query or body
 * @param part - which part, for the message
 * @returns the parsed value
 * @throws {@link GatewayError} `REQUEST_INVALID` naming the first bad field (never echoing its value)
 * @internal
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: 'path' | 'query' | 'body'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : part;
  throw new GatewayError('REQUEST_INVALID', `The request ${part} is not valid at ${where}: ${issue?.code ?? 'invalid'}.`, { details: { part, path: where } });
}
