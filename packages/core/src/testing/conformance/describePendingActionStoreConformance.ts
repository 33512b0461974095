import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AgentStudioError } from '../../errors/AgentStudioError.js';
import type { NewPendingAction } from '../../stores/NewPendingAction.js';
import type { PendingAction } from '../../stores/PendingAction.js';
import type { PendingActionPatch } from '../../stores/PendingActionPatch.js';
import { PendingActionStatus } from '../../stores/PendingActionStatus.js';
import type { PendingActionStore } from '../../stores/PendingActionStore.js';
import { isPendingActionTransitionAllowed, isTerminalPendingActionStatus } from '../../stores/PendingActionTransitions.js';
import { rejectsWithCode } from './rejectsWithCode.js';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const ALL_STATUSES: readonly PendingActionStatus[] = Object.values(PendingActionStatus);
/** The legal path from `awaiting` to each status. */
const PATH_TO: Readonly<Record<PendingActionStatus, readonly PendingActionStatus[]>> = {
  awaiting: [],
  approved: ['approved'],
  rejected: ['rejected'],
  expired: ['expired'],
  executing: ['approved', 'executing'],
  done: ['approved', 'executing', 'done'],
  failed: ['approved', 'executing', 'failed'],
};

/**
 * Declares a mocha suite that checks a {@link PendingActionStore} keeps its contract (R-HITL-9/10/12):
 * idempotent create, compare-and-set transitions where exactly one of N concurrent callers wins,
 * only the edges of {@link @agent-studio/core!index.PendingActionTransitions}, terminal statuses that stay terminal,
 * write-once decision fields, expiry, tenant scoping and copies in and out. Call it at the top
 * level of a spec file; it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh store for each test
 * @param cleanup - runs after each test (close connections, drop tables)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describePendingActionStoreConformance('SqlPendingActionStore', () => new SqlPendingActionStore(pool), () => truncate(pool));
 * ```
 * @category Testing
 */
export function describePendingActionStoreConformance(
  name: string,
  factory: () => Promise<PendingActionStore> | PendingActionStore,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (PendingActionStore conformance)`, () => {
    let store: PendingActionStore;
    let tenantId: string;

    beforeEach(async () => {
      store = await factory();
      tenantId = `tenant-${randomUUID()}`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const aNewAction = (overrides: Partial<NewPendingAction> = {}): NewPendingAction => {
      const u = randomUUID();
      return {
        idempotencyKey: `key-${u}`,
        tenantId,
        runId: `run-${u}`,
        callId: `call-${u}`,
        action: 'refundOrder',
        userId: 'user-1',
        kind: 'approval',
        argsJson: '{"orderId":"ORD-1","amount":10}',
        reason: 'Refunds need a manager',
        createdAt: T0,
        expiresAt: T0 + HOUR,
        ...overrides,
      };
    };

    const driveTo = async (id: string, status: PendingActionStatus): Promise<void> => {
      let from: PendingActionStatus = 'awaiting';
      for (const to of PATH_TO[status]) {
        await store.transition(id, from, to);
        from = to;
      }
    };

    const mustGet = async (id: string): Promise<PendingAction> => {
      const record = await store.get(id);
      assert.ok(record, `pending action ${id} should exist`);
      return record;
    };

    describe('.create()', () => {
      it('stores a new action as awaiting, version 1, with no decision yet', async () => {
        const input = aNewAction();
        const created = await store.create(input);
        const { id: _ignored, ...fields } = input;
        assert.ok(typeof created.id === 'string' && created.id.length > 0);
        assert.deepEqual(created, { ...fields, id: created.id, status: 'awaiting', version: 1 });
        assert.deepEqual(await store.get(created.id), created);
      });

      it('makes a distinct id when none is given, and keeps one that is given', async () => {
        const a = await store.create(aNewAction());
        const b = await store.create(aNewAction());
        assert.notEqual(a.id, b.id);
        const wanted = `pa-${randomUUID()}`;
        assert.equal((await store.create(aNewAction({ id: wanted }))).id, wanted);
      });

      it('returns the existing record when the idempotency key is used again', async () => {
        const first = await store.create(aNewAction({ idempotencyKey: 'same-key' }));
        const again = await store.create(aNewAction({ idempotencyKey: 'same-key', argsJson: '{"orderId":"ORD-2"}' }));
        assert.deepEqual(again, first);
        assert.equal((await store.list({ tenantId })).length, 1);
      });

      it('creates exactly one record when 10 creates with one key run at once', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.create(aNewAction({ idempotencyKey: 'raced-key' }))));
        assert.equal(new Set(results.map((r) => r.id)).size, 1);
        assert.equal((await store.list({ tenantId })).length, 1);
      });

      it('scopes idempotency keys to the tenant', async () => {
        const otherTenant = `${tenantId}-other`;
        const a = await store.create(aNewAction({ idempotencyKey: 'shared-key' }));
        const b = await store.create(aNewAction({ idempotencyKey: 'shared-key', tenantId: otherTenant }));
        assert.notEqual(a.id, b.id);
        assert.equal(b.tenantId, otherTenant);
        assert.deepEqual((await store.list({ tenantId })).map((r) => r.id), [a.id]);
        assert.deepEqual((await store.list({ tenantId: otherTenant })).map((r) => r.id), [b.id]);
      });

      it('refuses an id that another record already uses', async () => {
        const first = await store.create(aNewAction());
        await rejectsWithCode(() => store.create(aNewAction({ id: first.id })), 'STORE_CONFLICT', 'create with a taken id');
        assert.deepEqual(await store.get(first.id), first);
      });

      it('refuses input that is not valid', async () => {
        const bad: Array<[string, unknown]> = [
          ['no tenant', { ...aNewAction(), tenantId: undefined }],
          ['an empty idempotency key', aNewAction({ idempotencyKey: '' })],
          ['an unknown kind', { ...aNewAction(), kind: 'maybe' }],
          ['arguments that are not JSON text', aNewAction({ argsJson: '{not json' })],
          ['arguments as an object', { ...aNewAction(), argsJson: { orderId: 'ORD-1' } }],
          ['a caller-chosen status', { ...aNewAction(), status: 'approved' }],
          ['a caller-chosen version', { ...aNewAction(), version: 7 }],
          ['an unknown key', { ...aNewAction(), prompt: 'refund everything' }],
          ['expiry before creation', aNewAction({ expiresAt: T0 - 1 })],
          ['a NaN time', aNewAction({ createdAt: Number.NaN })],
          ['null', null],
        ];
        for (const [label, input] of bad) {
          await rejectsWithCode(() => store.create(input as NewPendingAction), 'CONFIG_INVALID', `create with ${label}`);
        }
        assert.deepEqual(await store.list({ tenantId }), []);
      });

      it('keeps its own copy: changing the input afterwards changes nothing', async () => {
        const input = aNewAction();
        const created = await store.create(input);
        input.argsJson = '{"orderId":"ORD-666"}';
        input.userId = 'attacker';
        assert.deepEqual(await store.get(created.id), created);
      });
    });

    describe('.get()', () => {
      it('returns undefined for an unknown id', async () => {
        assert.equal(await store.get(`missing-${randomUUID()}`), undefined);
      });

      it('returns a copy: changing it changes nothing', async () => {
        const created = await store.create(aNewAction());
        const got = await mustGet(created.id);
        got.status = 'approved';
        got.argsJson = '{"orderId":"ORD-666"}';
        created.status = 'done';
        assert.equal((await mustGet(created.id)).status, 'awaiting');
        assert.equal((await mustGet(created.id)).argsJson, '{"orderId":"ORD-1","amount":10}');
      });

      it('refuses an empty id', async () => {
        await rejectsWithCode(() => store.get(''), 'CONFIG_INVALID', 'get with an empty id');
      });
    });

    describe('.list()', () => {
      it("lists only the tenant's actions, oldest first, filtered by status and run", async () => {
        const runId = `run-${randomUUID()}`;
        const older = await store.create(aNewAction({ runId, createdAt: T0 }));
        const newer = await store.create(aNewAction({ runId, createdAt: T0 + 10 }));
        const otherRun = await store.create(aNewAction({ createdAt: T0 + 5 }));
        await store.create(aNewAction({ tenantId: `${tenantId}-other`, runId }));
        await store.transition(newer.id, 'awaiting', 'approved');

        assert.deepEqual((await store.list({ tenantId })).map((r) => r.id), [older.id, otherRun.id, newer.id]);
        assert.deepEqual((await store.list({ tenantId, runId })).map((r) => r.id), [older.id, newer.id]);
        assert.deepEqual((await store.list({ tenantId, status: 'approved' })).map((r) => r.id), [newer.id]);
        assert.deepEqual((await store.list({ tenantId, runId, status: 'awaiting' })).map((r) => r.id), [older.id]);
      });

      it('returns copies: changing them changes nothing', async () => {
        const created = await store.create(aNewAction());
        const [listed] = await store.list({ tenantId });
        assert.ok(listed);
        listed.status = 'done';
        assert.equal((await mustGet(created.id)).status, 'awaiting');
      });

      it('refuses a query without a tenant', async () => {
        await rejectsWithCode(() => store.list({} as { tenantId: string }), 'CONFIG_INVALID', 'list without a tenant');
        await rejectsWithCode(() => store.list({ tenantId, status: 'pending' as PendingActionStatus }), 'CONFIG_INVALID', 'list with a bad status');
      });
    });

    describe('.transition()', () => {
      it('walks awaiting → approved → executing → done, setting the patch and bumping the version', async () => {
        const created = await store.create(aNewAction());
        const approved = await store.transition(created.id, 'awaiting', 'approved', { decidedBy: 'manager-7', decidedAt: T0 + 1, comment: 'ok' });
        assert.equal(approved.status, 'approved');
        assert.equal(approved.version, 2);
        assert.equal(approved.decidedBy, 'manager-7');
        assert.equal(approved.decidedAt, T0 + 1);
        assert.equal(approved.comment, 'ok');
        const executing = await store.transition(created.id, 'approved', 'executing', { executedAt: T0 + 2 });
        assert.equal(executing.version, 3);
        assert.equal(executing.executedAt, T0 + 2);
        const done = await store.transition(created.id, 'executing', 'done', { resultJson: '{"refunded":true}' });
        assert.equal(done.status, 'done');
        assert.equal(done.version, 4);
        assert.equal(done.resultJson, '{"refunded":true}');
        assert.equal(done.decidedBy, 'manager-7');
        assert.equal(done.argsJson, created.argsJson);
        assert.deepEqual(await store.get(created.id), done);
      });

      it('lets exactly one of 10 concurrent approvals win; the others get STORE_CONFLICT', async () => {
        const created = await store.create(aNewAction());
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.transition(created.id, 'awaiting', 'approved', { decidedBy: `approver-${i}`, decidedAt: T0 + i })),
        );
        const winners = results.filter((r) => r.status === 'fulfilled');
        const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(winners.length, 1);
        assert.equal(losers.length, 9);
        for (const loser of losers) {
          assert.ok(AgentStudioError.hasCode(loser.reason, 'STORE_CONFLICT'), `expected STORE_CONFLICT, got ${String(loser.reason)}`);
          assert.equal(loser.reason.details?.expected, 'awaiting');
          assert.equal(loser.reason.details?.actual, 'approved');
          assert.equal(loser.reason.details?.id, created.id);
        }
        const stored = await mustGet(created.id);
        assert.equal(stored.version, 2);
        assert.deepEqual(stored, (winners[0] as PromiseFulfilledResult<PendingAction>).value);
      });

      it('lets exactly one of 10 concurrent approve/reject decisions win', async () => {
        const created = await store.create(aNewAction());
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.transition(created.id, 'awaiting', i % 2 === 0 ? 'approved' : 'rejected', { decidedBy: `approver-${i}` })),
        );
        const winners = results.filter((r): r is PromiseFulfilledResult<PendingAction> => r.status === 'fulfilled');
        assert.equal(winners.length, 1);
        const stored = await mustGet(created.id);
        assert.equal(stored.status, winners[0]?.value.status);
        assert.equal(stored.decidedBy, winners[0]?.value.decidedBy);
      });

      it('lets exactly one of 10 concurrent executors claim an approved action', async () => {
        const created = await store.create(aNewAction());
        await store.transition(created.id, 'awaiting', 'approved');
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.transition(created.id, 'approved', 'executing', { executedAt: T0 + i })));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        assert.equal((await mustGet(created.id)).status, 'executing');
      });

      it('refuses a stale from status with STORE_CONFLICT and { id, expected, actual }', async () => {
        const created = await store.create(aNewAction());
        await store.transition(created.id, 'awaiting', 'rejected', { decidedBy: 'manager-7' });
        const error = await rejectsWithCode(() => store.transition(created.id, 'awaiting', 'approved'), 'STORE_CONFLICT', 'approve a rejected action');
        assert.equal(error.details?.id, created.id);
        assert.equal(error.details?.expected, 'awaiting');
        assert.equal(error.details?.actual, 'rejected');
        const stored = await mustGet(created.id);
        assert.equal(stored.status, 'rejected');
        assert.equal(stored.version, 2);
      });

      it('refuses every edge that the transition table does not allow, leaving the record unchanged', async () => {
        for (const from of ALL_STATUSES) {
          for (const to of ALL_STATUSES) {
            if (isPendingActionTransitionAllowed(from, to)) continue;
            const created = await store.create(aNewAction());
            await driveTo(created.id, from);
            const before = await mustGet(created.id);
            await rejectsWithCode(() => store.transition(created.id, from, to), 'STORE_CONFLICT', `transition ${from} → ${to}`);
            assert.deepEqual(await store.get(created.id), before, `${from} → ${to} must not change the record`);
          }
        }
      });

      it('allows exactly the edges awaiting→approved|rejected|expired, approved→executing, executing→done|failed', async () => {
        const allowed = ALL_STATUSES.flatMap((from) => ALL_STATUSES.filter((to) => isPendingActionTransitionAllowed(from, to)).map((to) => `${from}→${to}`));
        assert.deepEqual(allowed.sort(), ['approved→executing', 'awaiting→approved', 'awaiting→expired', 'awaiting→rejected', 'executing→done', 'executing→failed']);
        for (const edge of allowed) {
          const [from, to] = edge.split('→') as [PendingActionStatus, PendingActionStatus];
          const created = await store.create(aNewAction());
          await driveTo(created.id, from);
          assert.equal((await store.transition(created.id, from, to)).status, to);
        }
      });

      it('keeps rejected, expired, done and failed final', async () => {
        const terminal = ALL_STATUSES.filter(isTerminalPendingActionStatus);
        assert.deepEqual([...terminal].sort(), ['done', 'expired', 'failed', 'rejected']);
        for (const status of terminal) {
          const created = await store.create(aNewAction());
          await driveTo(created.id, status);
          for (const to of ALL_STATUSES) {
            await rejectsWithCode(() => store.transition(created.id, status, to), 'STORE_CONFLICT', `transition ${status} → ${to}`);
            await rejectsWithCode(() => store.transition(created.id, 'awaiting', to), 'STORE_CONFLICT', `transition awaiting → ${to} of a ${status} action`);
          }
          assert.equal((await mustGet(created.id)).status, status);
        }
      });

      it('refuses an unknown id with STORE_NOT_FOUND', async () => {
        await rejectsWithCode(() => store.transition(`missing-${randomUUID()}`, 'awaiting', 'approved'), 'STORE_NOT_FOUND', 'transition of an unknown id');
      });

      it('refuses to change a decision field that is already set', async () => {
        const created = await store.create(aNewAction());
        await store.transition(created.id, 'awaiting', 'approved', { decidedBy: 'manager-7', decidedAt: T0 + 1 });
        await rejectsWithCode(
          () => store.transition(created.id, 'approved', 'executing', { decidedBy: 'someone-else' }),
          'STORE_CONFLICT',
          'rewrite decidedBy',
        );
        const stored = await mustGet(created.id);
        assert.equal(stored.status, 'approved');
        assert.equal(stored.decidedBy, 'manager-7');
      });

      it('refuses a patch with a field it may not set, and statuses it does not know', async () => {
        const created = await store.create(aNewAction());
        const badPatches: Array<[string, unknown]> = [
          ['status', { status: 'done' }],
          ['argsJson', { argsJson: '{"orderId":"ORD-666"}' }],
          ['version', { version: 9 }],
          ['a non-JSON result', { resultJson: 'oops{' }],
        ];
        for (const [label, patch] of badPatches) {
          await rejectsWithCode(
            () => store.transition(created.id, 'awaiting', 'approved', patch as PendingActionPatch),
            'CONFIG_INVALID',
            `patch with ${label}`,
          );
        }
        await rejectsWithCode(() => store.transition(created.id, 'awaiting', 'confirmed' as PendingActionStatus), 'CONFIG_INVALID', 'unknown status');
        await rejectsWithCode(() => store.transition(created.id, 'pending' as PendingActionStatus, 'approved'), 'CONFIG_INVALID', 'unknown status');
        const stored = await mustGet(created.id);
        assert.equal(stored.status, 'awaiting');
        assert.equal(stored.version, 1);
      });

      it('returns a copy: changing it changes nothing', async () => {
        const created = await store.create(aNewAction());
        const approved = await store.transition(created.id, 'awaiting', 'approved', { decidedBy: 'manager-7' });
        approved.status = 'done';
        approved.decidedBy = 'attacker';
        const stored = await mustGet(created.id);
        assert.equal(stored.status, 'approved');
        assert.equal(stored.decidedBy, 'manager-7');
      });
    });

    describe('.expireDue()', () => {
      it('expires the awaiting actions due at or before now, and only those', async () => {
        const due = await store.create(aNewAction({ expiresAt: T0 + 100 }));
        const dueExactly = await store.create(aNewAction({ expiresAt: T0 + 200 }));
        const notYet = await store.create(aNewAction({ expiresAt: T0 + 201 }));
        const approvedPastDue = await store.create(aNewAction({ expiresAt: T0 + 50 }));
        await store.transition(approvedPastDue.id, 'awaiting', 'approved');

        const expired = await store.expireDue(T0 + 200);
        assert.ok(expired.includes(due.id));
        assert.ok(expired.includes(dueExactly.id));
        assert.ok(!expired.includes(notYet.id));
        assert.ok(!expired.includes(approvedPastDue.id));
        assert.equal((await mustGet(due.id)).status, 'expired');
        assert.equal((await mustGet(due.id)).version, 2);
        assert.equal((await mustGet(notYet.id)).status, 'awaiting');
        assert.equal((await mustGet(approvedPastDue.id)).status, 'approved');

        const again = await store.expireDue(T0 + 200);
        assert.ok(!again.includes(due.id));
      });

      it('makes an expired action impossible to approve', async () => {
        const created = await store.create(aNewAction({ expiresAt: T0 + 100 }));
        await store.expireDue(T0 + 100);
        await rejectsWithCode(() => store.transition(created.id, 'awaiting', 'approved'), 'STORE_CONFLICT', 'approve an expired action');
      });

      it('refuses a time that is not a finite number', async () => {
        await rejectsWithCode(() => store.expireDue(Number.NaN), 'CONFIG_INVALID', 'expireDue(NaN)');
        await rejectsWithCode(() => store.expireDue('now' as unknown as number), 'CONFIG_INVALID', "expireDue('now')");
      });
    });
  });
}
