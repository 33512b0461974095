import { z } from 'zod';
import { parseStoreInput } from '../stores/parseStoreInput.js';
import type { AccessAnswer, AccessOperation, AccessPolicy, AccessQuestion } from './AccessPolicy.js';

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * A permission a role grants. `agent:use:<agent>`, `agent:author:<agent>` and `agent:admin`
 * concern agents (`*` for every agent); `approval:decide`, `trace:read` and `act-on-behalf` are
 * tenant-wide.
 * @category Access
 */
export const PermissionSchema = z.union([
  z.string().regex(/^agent:(use|author):(\*|[A-Za-z0-9_.-]{1,64})$/),
  z.enum(['agent:admin', 'approval:decide', 'trace:read', 'act-on-behalf']),
]);

/**
 * A permission; see {@link PermissionSchema}.
 * @category Access
 */
export type Permission = z.infer<typeof PermissionSchema>;

/**
 * The grants of a {@link RoleAccessPolicy}: for each role, its permissions; optionally other grants
 * for some tenants, which replace the defaults for that tenant.
 * @category Access
 */
export const RoleGrantsSchema = z.strictObject({
  /** Role name → permissions, for every tenant without its own entry. */
  roles: z.record(z.string().regex(NAME), z.array(PermissionSchema).readonly()),
  /** Tenant id → role name → permissions, replacing `roles` for that tenant. */
  tenants: z.record(z.string().min(1), z.record(z.string().regex(NAME), z.array(PermissionSchema).readonly())).optional(),
});

/**
 * The grants of a {@link RoleAccessPolicy}; see {@link RoleGrantsSchema}.
 * @category Access
 */
export type RoleGrants = z.input<typeof RoleGrantsSchema>;

/**
 * An {@link AccessPolicy} from role grants: a caller may do what one of its roles grants in its
 * tenant, and nothing else (deny by default).
 *
 * @remarks
 * The permissions each operation needs (R-API-3):
 * - `agent.use`: `agent:use:<agent>` (or `agent:use:*`);
 * - `agent.preview`: `agent:author:<agent>` (or `*`), or `agent:admin`: previews are for authors;
 * - `agent.author`: `agent:admin`;
 * - `approval.list` and `approval.decide`: `approval:decide`;
 * - `trace.read`: `trace:read`;
 * - `act-on-behalf`: `act-on-behalf`.
 *
 * @example
 * ```ts
 * const policy = new RoleAccessPolicy({ roles: {
 *   customer: ['agent:use:order-status'],
 *   manager: ['agent:use:*', 'approval:decide', 'trace:read'],
 *   admin: ['agent:admin', 'agent:author:*'],
 * } });
 * policy.authorize({ tenantId: 'acme', userId: 'u1', roles: ['customer'], operation: 'agent.use', agent: 'order-status' }); // allowed
 * ```
 * @category Access
 */
export class RoleAccessPolicy implements AccessPolicy {
  readonly #defaults: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #tenants: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

  /**
   * @param grants - role grants, by default and per tenant
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when a role name or permission is not valid
   */
  constructor(grants: RoleGrants) {
    const parsed = parseStoreInput(RoleGrantsSchema, grants, 'role grants');
    this.#defaults = toSets(parsed.roles);
    this.#tenants = new Map(Object.entries(parsed.tenants ?? {}).map(([tenant, roles]) => [tenant, toSets(roles)]));
  }

  /**
   * Decides one question.
   * @param question - who wants to do what
   * @returns allowed when one of the caller's roles grants the permission the operation needs
   */
  authorize(question: AccessQuestion): AccessAnswer {
    const needed = neededPermissions(question.operation, question.agent);
    if (needed === undefined) return { allowed: false, reason: `operation ${String(question.operation)} needs an agent name` };
    const table = this.#tenants.get(question.tenantId) ?? this.#defaults;
    const roles = Array.isArray(question.roles) ? question.roles : [];
    for (const role of roles) {
      const granted = typeof role === 'string' ? table.get(role) : undefined;
      if (granted && needed.some((p) => granted.has(p))) return { allowed: true, reason: `granted by role ${role}` };
    }
    return { allowed: false, reason: `needs permission ${needed[0]}` };
  }
}

function toSets(roles: Readonly<Record<string, readonly string[]>>): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(Object.entries(roles).map(([role, permissions]) => [role, new Set(permissions)]));
}

/** The permissions any one of which allows the operation, most specific first. */
function neededPermissions(operation: AccessOperation, agent: string | undefined): string[] | undefined {
  const named = typeof agent === 'string' && NAME.test(agent);
  switch (operation) {
    case 'agent.use':
      return named ? [`agent:use:${agent}`, 'agent:use:*'] : undefined;
    case 'agent.preview':
      return named ? [`agent:author:${agent}`, 'agent:author:*', 'agent:admin'] : undefined;
    case 'agent.author':
      return ['agent:admin'];
    case 'approval.list':
    case 'approval.decide':
      return ['approval:decide'];
    case 'trace.read':
      return ['trace:read'];
    case 'act-on-behalf':
      return ['act-on-behalf'];
    default:
      return undefined;
  }
}
