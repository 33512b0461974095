import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { NewSession } from '../../stores/NewSession.js';
import type { Session } from '../../stores/Session.js';
import type { SessionActivity } from '../../stores/SessionActivity.js';
import type { SessionLifetime } from '../../stores/SessionLifetime.js';
import type { SessionStore } from '../../stores/SessionStore.js';
import { rejectsWithCode } from './rejectsWithCode.js';

const T0 = 1_700_000_000_000;
const TTL = 1_000;
const MAX = 2_500;
const LIFETIME: SessionLifetime = { ttlMs: TTL, maxLifetimeMs: MAX };

/**
 * Declares a mocha suite that checks a {@link SessionStore} keeps its contract (R-SESS-1/2/3):
 * sessions expire after their TTL, activity slides the TTL but never past the absolute lifetime,
 * expired sessions cannot be read or resumed, inputs that could carry prompt or response text are
 * refused, and records are copies. Call it at the top level of a spec file; it uses mocha's
 * globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh store for each test, reading time from the given clock (the suite
 *   moves the clock; no timers are involved)
 * @param cleanup - runs after each test (close connections, drop keys)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeSessionStoreConformance('MemorySessionStore', (clock) => new MemorySessionStore({ clock }));
 * ```
 * @category Testing
 */
export function describeSessionStoreConformance(
  name: string,
  factory: (clock: () => number) => Promise<SessionStore> | SessionStore,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (SessionStore conformance)`, () => {
    let store: SessionStore;
    let now: number;
    let tenantId: string;

    beforeEach(async () => {
      now = T0;
      store = await factory(() => now);
      tenantId = `tenant-${randomUUID()}`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const anInput = (overrides: Partial<NewSession> = {}): NewSession => ({
      tenantId,
      userId: 'user-1',
      agent: 'support',
      surface: 'chat',
      executionId: 'exec-1',
      turnId: 'turn-1',
      requestId: 'req-1',
      ...overrides,
    });

    const mustGet = async (id: string): Promise<Session> => {
      const session = await store.get(id);
      assert.ok(session, `session ${id} should be live at ${now - T0} ms`);
      return session;
    };

    describe('.create()', () => {
      it('returns the session with its ids and times', async () => {
        const session = await store.create(anInput(), LIFETIME);
        assert.ok(typeof session.id === 'string' && session.id.length > 0);
        assert.equal(session.tenantId, tenantId);
        assert.equal(session.userId, 'user-1');
        assert.equal(session.agent, 'support');
        assert.equal(session.surface, 'chat');
        assert.equal(session.executionId, 'exec-1');
        assert.equal(session.turnId, 'turn-1');
        assert.equal(session.requestId, 'req-1');
        assert.equal(session.createdAt, T0);
        assert.equal(session.expiresAt, T0 + TTL);
        assert.equal(session.absoluteExpiresAt, T0 + MAX);
        assert.deepEqual(await store.get(session.id), session);
      });

      it('gives each session its own id', async () => {
        const ids = new Set<string>();
        for (let i = 0; i < 10; i++) ids.add((await store.create(anInput(), LIFETIME)).id);
        assert.equal(ids.size, 10);
      });

      it('refuses input that carries prompt or response text', async () => {
        for (const key of ['prompt', 'response', 'messages', 'content']) {
          await rejectsWithCode(
            () => store.create({ ...anInput(), [key]: 'Where is my order ORD-1002?' } as NewSession, LIFETIME),
            'CONFIG_INVALID',
            `create with a ${key} field`,
          );
        }
      });

      it('refuses input and lifetimes that are not valid', async () => {
        const badInputs: Array<[string, unknown]> = [
          ['no tenant', { ...anInput(), tenantId: undefined }],
          ['an empty user', anInput({ userId: '' })],
          ['a numeric agent', { ...anInput(), agent: 7 }],
          ['null', null],
        ];
        for (const [label, input] of badInputs) {
          await rejectsWithCode(() => store.create(input as NewSession, LIFETIME), 'CONFIG_INVALID', `create with ${label}`);
        }
        const badLifetimes: Array<[string, unknown]> = [
          ['a zero TTL', { ttlMs: 0, maxLifetimeMs: MAX }],
          ['a negative TTL', { ttlMs: -5, maxLifetimeMs: MAX }],
          ['a maximum below the TTL', { ttlMs: TTL, maxLifetimeMs: TTL - 1 }],
          ['no maximum', { ttlMs: TTL }],
          ['nothing', undefined],
        ];
        for (const [label, lifetime] of badLifetimes) {
          await rejectsWithCode(() => store.create(anInput(), lifetime as SessionLifetime), 'CONFIG_INVALID', `create with ${label}`);
        }
      });

      it('keeps its own copy: changing the input afterwards changes nothing', async () => {
        const input = anInput();
        const session = await store.create(input, LIFETIME);
        input.userId = 'attacker';
        assert.equal((await mustGet(session.id)).userId, 'user-1');
      });
    });

    describe('.get()', () => {
      it('returns the session until its TTL runs out, then undefined', async () => {
        const session = await store.create(anInput(), LIFETIME);
        now = T0 + TTL - 1;
        await mustGet(session.id);
        now = T0 + TTL;
        assert.equal(await store.get(session.id), undefined);
        now = T0 + TTL + 10_000;
        assert.equal(await store.get(session.id), undefined);
      });

      it('returns undefined for an unknown id', async () => {
        assert.equal(await store.get(`missing-${randomUUID()}`), undefined);
      });

      it('returns a copy: changing it changes nothing', async () => {
        const session = await store.create(anInput(), LIFETIME);
        const got = await mustGet(session.id);
        got.expiresAt = T0 + 1_000_000;
        got.tenantId = 'other';
        session.absoluteExpiresAt = T0 + 1_000_000;
        const again = await mustGet(session.id);
        assert.equal(again.expiresAt, T0 + TTL);
        assert.equal(again.tenantId, tenantId);
        assert.equal(again.absoluteExpiresAt, T0 + MAX);
      });

      it('refuses an empty id', async () => {
        await rejectsWithCode(() => store.get(''), 'CONFIG_INVALID', 'get with an empty id');
      });
    });

    describe('.touch()', () => {
      it('slides the expiry to now plus the TTL', async () => {
        const session = await store.create(anInput(), LIFETIME);
        now = T0 + 600;
        const touched = await store.touch(session.id);
        assert.ok(touched);
        assert.equal(touched.expiresAt, T0 + 600 + TTL);
        now = T0 + TTL + 100; // past the first expiry
        assert.equal((await mustGet(session.id)).expiresAt, T0 + 600 + TTL);
        now = T0 + 600 + TTL;
        assert.equal(await store.get(session.id), undefined);
      });

      it('never slides the expiry past the absolute maximum lifetime', async () => {
        const session = await store.create(anInput(), LIFETIME);
        for (now = T0 + 500; now < T0 + MAX; now += 500) {
          const touched = await store.touch(session.id);
          assert.ok(touched, `touch at +${now - T0} ms should find the session`);
          assert.ok(touched.expiresAt <= T0 + MAX, `expiresAt ${touched.expiresAt - T0} is past the maximum ${MAX}`);
          assert.equal(touched.absoluteExpiresAt, T0 + MAX);
        }
        now = T0 + MAX - 1;
        await mustGet(session.id);
        now = T0 + MAX;
        assert.equal(await store.get(session.id), undefined);
        assert.equal(await store.touch(session.id), undefined);
      });

      it('returns undefined for an expired session and never brings it back', async () => {
        const session = await store.create(anInput(), LIFETIME);
        now = T0 + TTL;
        assert.equal(await store.touch(session.id), undefined);
        now = T0 + TTL + 1;
        assert.equal(await store.touch(session.id), undefined);
        assert.equal(await store.get(session.id), undefined);
      });

      it('returns undefined for an unknown id', async () => {
        assert.equal(await store.touch(`missing-${randomUUID()}`), undefined);
      });

      it('updates the given correlation ids and keeps the others', async () => {
        const session = await store.create(anInput(), LIFETIME);
        now = T0 + 10;
        const touched = await store.touch(session.id, { turnId: 'turn-2', requestId: 'req-2' });
        assert.ok(touched);
        assert.equal(touched.turnId, 'turn-2');
        assert.equal(touched.requestId, 'req-2');
        assert.equal(touched.executionId, 'exec-1');
        assert.equal(touched.tenantId, tenantId);
        assert.equal(touched.createdAt, T0);
        assert.deepEqual(await store.get(session.id), touched);
      });

      it('refuses activity that carries prompt text or other unknown keys', async () => {
        const session = await store.create(anInput(), LIFETIME);
        for (const activity of [{ prompt: 'hello' }, { tenantId: 'other' }, { turnId: '' }]) {
          await rejectsWithCode(() => store.touch(session.id, activity as SessionActivity), 'CONFIG_INVALID', `touch with ${JSON.stringify(Object.keys(activity))}`);
        }
        assert.equal((await mustGet(session.id)).tenantId, tenantId);
      });

      it('returns a copy: changing it changes nothing', async () => {
        const session = await store.create(anInput(), LIFETIME);
        const touched = await store.touch(session.id);
        assert.ok(touched);
        touched.expiresAt = T0 + 1_000_000;
        assert.equal((await mustGet(session.id)).expiresAt, T0 + TTL);
      });
    });

    describe('.delete()', () => {
      it('removes the session, and says whether there was one', async () => {
        const session = await store.create(anInput(), LIFETIME);
        assert.equal(await store.delete(session.id), true);
        assert.equal(await store.get(session.id), undefined);
        assert.equal(await store.touch(session.id), undefined);
        assert.equal(await store.delete(session.id), false);
      });

      it('leaves other sessions alone', async () => {
        const a = await store.create(anInput(), LIFETIME);
        const b = await store.create(anInput(), LIFETIME);
        await store.delete(a.id);
        await mustGet(b.id);
      });
    });
  });
}
