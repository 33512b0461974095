import {
  describeConcurrencyLimiterConformance,
  describeRateLimiterConformance,
  describeSessionStoreConformance,
  describeTokenReplayGuardConformance,
} from '@agent-studio/core/testing';
import { perTestStores } from './helpers/redisTestStores.js';

const sessions = perTestStores();
describeSessionStoreConformance('RedisSessionStore', async (clock) => (await sessions.open(clock)).sessions, sessions.close);

const rateLimits = perTestStores();
describeRateLimiterConformance('RedisRateLimiter', async (clock) => (await rateLimits.open(clock)).rateLimiter, rateLimits.close);

const replay = perTestStores();
describeTokenReplayGuardConformance('RedisTokenReplayGuard', async (clock) => (await replay.open(clock)).replayGuard, replay.close);

const concurrency = perTestStores();
describeConcurrencyLimiterConformance('RedisConcurrencyLimiter', async (clock) => (await concurrency.open(clock)).concurrency, concurrency.close);
