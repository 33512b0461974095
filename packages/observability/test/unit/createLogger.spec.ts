import { ConfigurationError, type Logger, ProviderError } from '@agent-studio/core';
import { expect } from 'chai';
import { createLogger, DEFAULT_REDACT_PATHS, serializeError } from '../../src/index.js';
import { MemoryStream } from '../fixtures.js';

function logged(options: Parameters<typeof createLogger>[0] = {}) {
  const stream = new MemoryStream();
  const logger = createLogger({ level: 'debug', ...options, destination: stream });
  const records = (): Record<string, unknown>[] => stream.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, logger, records };
}

describe('createLogger', () => {
  it('returns a logger that satisfies the core Logger interface', () => {
    const { logger } = logged();
    const core: Logger = logger;
    expect(core.info).to.be.a('function');
  });

  it('writes one JSON object per line', () => {
    const { logger, stream, records } = logged();
    logger.info({ runId: 'r1' }, 'one');
    logger.debug({ runId: 'r2' }, 'two');
    expect(stream.chunks.join('').endsWith('\n')).to.equal(true);
    expect(records().map((r) => [r.runId, r.msg])).to.deep.equal([
      ['r1', 'one'],
      ['r2', 'two'],
    ]);
  });

  it('R-ACT-LOG-1: censors content-bearing and secret keys at the top level and one level down', () => {
    const { logger, records } = logged();
    const fields: Record<string, unknown> = {};
    const nested: Record<string, unknown> = {};
    for (const key of ['content', 'prompt', 'messages', 'input', 'reply', 'args', 'arguments', 'result', 'rationale', 'text', 'body', 'authorization', 'cookie', 'token', 'accessToken', 'password', 'secret', 'apiKey']) {
      fields[key] = `top-${key}`;
      nested[key] = `nested-${key}`;
    }
    logger.info({ ...fields, call: nested, headers: { authorization: 'Bearer x', cookie: 'c=1', accept: 'json' }, req: { headers: { authorization: 'Bearer y' } }, runId: 'r1' }, 'fields');
    const [record] = records();
    const text = JSON.stringify(record);
    expect(text).to.not.match(/top-|nested-|Bearer|c=1/);
    expect(record?.content).to.equal('[REDACTED]');
    expect((record?.call as Record<string, unknown> | undefined)?.apiKey).to.equal('[REDACTED]');
    expect(record?.headers).to.deep.equal({ authorization: '[REDACTED]', cookie: '[REDACTED]', accept: 'json' });
    expect(record?.runId).to.equal('r1');
  });

  it('censors the extra paths it is given', () => {
    const { logger, records } = logged({ redactPaths: ['customer.email'] });
    logger.info({ customer: { email: 'a@b.c', id: 'c1' } }, 'x');
    expect(records()[0]?.customer).to.deep.equal({ email: '[REDACTED]', id: 'c1' });
    expect(DEFAULT_REDACT_PATHS).to.include('*.content');
  });

  it('R-ACT-LOG-1: keeps only the name and code of an error, never its message or stack', () => {
    const { logger, records } = logged();
    logger.error({ err: new ProviderError('MODEL_TIMEOUT', 'the prompt was SECRET-1') }, 'model failed');
    logger.error({ error: new TypeError('SECRET-2 in the reply') }, 'listener failed');
    logger.error(new Error('SECRET-3'));
    logger.warn({ error: 'TypeError' }, 'name only');
    logger.warn({ error: 'a sentence with SECRET-4' }, 'free text');
    const [a, b, c, d, e] = records();
    expect(a?.err).to.deep.equal({ type: 'ProviderError', code: 'MODEL_TIMEOUT' });
    expect(b?.error).to.deep.equal({ type: 'TypeError' });
    expect(c?.err).to.deep.equal({ type: 'Error' });
    expect(c?.msg).to.equal('error');
    expect(d?.error).to.equal('TypeError');
    expect(e?.error).to.equal('[REDACTED]');
    expect(JSON.stringify(records())).to.not.match(/SECRET|stack/);
  });

  it('serializes non-errors to [REDACTED]', () => {
    expect(serializeError(42)).to.equal('[REDACTED]');
    expect(serializeError({ name: 'x y z', code: 'has spaces' })).to.deep.equal({ type: 'Object' });
  });

  it('throws CONFIG_INVALID for an invalid option', () => {
    expect(() => createLogger({ level: 'loud' as never })).to.throw(ConfigurationError).with.property('code', 'CONFIG_INVALID');
  });
});
