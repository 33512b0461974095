import { TOKEN_REPLAY_MARGIN_MS } from '@agent-studio/core';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { RedisTokenReplayGuard } from '../src/RedisTokenReplayGuard.js';
import { useScratchRedis } from './helpers/redisTestStores.js';

describe(RedisTokenReplayGuard.name, () => {
  const scratch = useScratchRedis();
  let client: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ client, prefix } = scratch);
  });

  describe('.claim()', () => {
    it('should keep the id under <prefix>jti:<id> until the expiry plus the margin', async () => {
      const guard = new RedisTokenReplayGuard({ client, prefix });
      const expiresAt = Date.now() + 1_000;
      expect(await guard.claim('jti-1', expiresAt)).to.equal(true);
      expect(await client.get(`${prefix}jti:jti-1`)).to.equal(String(expiresAt + TOKEN_REPLAY_MARGIN_MS));
      expect(await client.pttl(`${prefix}jti:jti-1`)).to.be.within(TOKEN_REPLAY_MARGIN_MS, TOKEN_REPLAY_MARGIN_MS + 1_000);
    });

    it('should count a key holding something else as spent (fail closed)', async () => {
      const guard = new RedisTokenReplayGuard({ client, prefix });
      await client.set(`${prefix}jti:odd`, 'not a time');
      expect(await guard.claim('odd', Date.now() + 1_000)).to.equal(false);
    });
  });
});
