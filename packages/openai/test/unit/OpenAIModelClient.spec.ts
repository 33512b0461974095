/// <reference types="chai-as-promised" />
/// <reference types="sinon-chai" />
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { AgentStudioError, type ChatCompletionRequest, ConfigurationError, ModelBehaviorError, ProviderError } from '@agent-studio/core';
import { expect } from 'chai';
import sinon from 'sinon';
import { OpenAIModelClient, type OpenAIModelClientOptions } from '../../src/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Hit {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const API_KEY = 'sk-test-9f8e7d6c5b4a-SECRET';

const request: ChatCompletionRequest = {
  model: 'gpt-test',
  messages: [{ role: 'user', content: 'Where is my order ORD-1002?' }],
  tools: [
    {
      type: 'function',
      function: { name: 'lookup_order', description: 'Finds an order', parameters: { type: 'object' } },
    },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
};

const toolCall = { id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"id":"ORD-1002"}' } };

const completion = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-test',
  choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [toolCall] } }],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  ...overrides,
});

/** Answers with a status, a body (JSON unless a string) and headers. */
const reply =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };

/** Resolves with the rejection reason, or fails when the promise fulfils. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe(OpenAIModelClient.name, () => {
  let server: Server;
  let baseUrl: string;
  let handlers: Handler[];
  let hits: Hit[];
  const timers = new Set<NodeJS.Timeout>();

  /** Calls `handler` after `ms`, unless the test is over. */
  const later =
    (ms: number, handler: Handler): Handler =>
    (req, res) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) handler(req, res);
      }, ms);
      timers.add(timer);
    };

  /** Never answers. */
  const hang: Handler = () => undefined;

  const client = (options: Partial<OpenAIModelClientOptions> = {}): OpenAIModelClient =>
    new OpenAIModelClient({ baseUrl, apiKey: API_KEY, sleep: sinon.fake.resolves(undefined), ...options });

  const signal = (): AbortSignal => new AbortController().signal;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        hits.push({ method: req.method, url: req.url, headers: req.headers, body });
        const handler = handlers.shift() ?? reply(500, { error: { message: 'no handler left', type: 'test_error' } });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/v1`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  beforeEach(() => {
    handlers = [];
    hits = [];
  });

  afterEach(() => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    server.closeAllConnections();
  });

  describe('.complete()', () => {
    context('when the endpoint answers 200', () => {
      it('R-LLM-2: posts the request to <baseUrl>/chat/completions and parses tool_calls', async () => {
        handlers.push(reply(200, completion()));

        const response = await client().complete(request, { signal: signal() });

        expect(hits).to.have.length(1);
        expect(hits[0]?.method).to.equal('POST');
        expect(hits[0]?.url).to.equal('/v1/chat/completions');
        expect(hits[0]?.headers['content-type']).to.equal('application/json');
        expect(JSON.parse(hits[0]?.body ?? '')).to.deep.equal(request);
        expect(response.choices[0]?.finish_reason).to.equal('tool_calls');
        expect(response.choices[0]?.message.tool_calls).to.deep.equal([toolCall]);
        expect(response.usage).to.deep.equal({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
      });

      it('sends the API key as a Bearer token, with the organization and extra headers', async () => {
        handlers.push(reply(200, completion()));

        await client({ organization: 'org-123', headers: { 'X-Gateway': 'blue' } }).complete(request, {
          signal: signal(),
        });

        expect(hits[0]?.headers.authorization).to.equal(`Bearer ${API_KEY}`);
        expect(hits[0]?.headers['openai-organization']).to.equal('org-123');
        expect(hits[0]?.headers['x-gateway']).to.equal('blue');
      });

      it('sends no Authorization header when no apiKey is set', async () => {
        handlers.push(reply(200, completion()));

        await new OpenAIModelClient({ baseUrl }).complete(request, { signal: signal() });

        expect(hits[0]?.headers).to.not.have.property('authorization');
      });

      it('ignores a trailing slash in baseUrl', async () => {
        handlers.push(reply(200, completion()));

        await client({ baseUrl: `${baseUrl}/` }).complete(request, { signal: signal() });

        expect(hits[0]?.url).to.equal('/v1/chat/completions');
      });

      it('R-LLM-2: maps input_tokens/output_tokens usage and computes the total', async () => {
        handlers.push(reply(200, completion({ usage: { input_tokens: 30, output_tokens: 7 } })));

        const response = await client().complete(request, { signal: signal() });

        expect(response.usage).to.deep.equal({ prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 });
      });

      it('R-LLM-2: computes total_tokens when the provider omits it', async () => {
        handlers.push(reply(200, completion({ usage: { prompt_tokens: 3, completion_tokens: 4 } })));

        const response = await client().complete(request, { signal: signal() });

        expect(response.usage?.total_tokens).to.equal(7);
      });

      it('R-LLM-2: skips tool_calls entries that lack an id, a name or string arguments', async () => {
        const broken = [
          { type: 'function', function: { name: 'lookup_order', arguments: '{}' } },
          { id: 'call_2', type: 'function', function: { arguments: '{}' } },
          { id: 'call_3', type: 'function', function: { name: 'lookup_order', arguments: { id: 1 } } },
        ];
        const choice = { index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', tool_calls: [toolCall, ...broken] } };
        handlers.push(reply(200, completion({ choices: [choice] })));

        const response = await client().complete(request, { signal: signal() });

        expect(response.choices[0]?.message.tool_calls).to.deep.equal([toolCall]);
      });
    });

    context('when the request is invalid', () => {
      it('rejects with SCHEMA_INVALID before sending anything', async () => {
        const invalid = { model: 'gpt-test', messages: [] } as unknown as ChatCompletionRequest;

        const error = await rejectionOf(client().complete(invalid, { signal: signal() }));

        expect(AgentStudioError.hasCode(error, 'SCHEMA_INVALID')).to.equal(true);
        expect((error as AgentStudioError).details?.path).to.equal('messages');
        expect(hits).to.have.length(0);
      });

      it('rejects stream: true with CONFIG_INVALID before sending anything', async () => {
        const error = await rejectionOf(client().complete({ ...request, stream: true }, { signal: signal() }));

        expect(error).to.be.instanceOf(ConfigurationError);
        expect((error as AgentStudioError).code).to.equal('CONFIG_INVALID');
        expect(hits).to.have.length(0);
      });
    });

    context('when the endpoint answers 429', () => {
      it('R-LLM-2: retries 429 honouring Retry-After', async () => {
        handlers.push(reply(429, { error: { message: 'slow down', type: 'rate_limit_error' } }, { 'retry-after': '1' }));
        handlers.push(reply(200, completion()));
        const sleep = sinon.fake.resolves(undefined);

        const response = await client({ sleep }).complete(request, { signal: signal() });

        expect(response.id).to.equal('chatcmpl-1');
        expect(hits).to.have.length(2);
        expect(sleep).to.have.been.calledOnceWith(1000);
      });

      it('waits for real when no sleep is injected', async () => {
        handlers.push(reply(429, {}, { 'retry-after-ms': '150' }));
        handlers.push(reply(200, completion()));
        const started = performance.now();

        await new OpenAIModelClient({ baseUrl }).complete(request, { signal: signal() });

        expect(performance.now() - started).to.be.at.least(140);
        expect(hits).to.have.length(2);
      });

      it('prefers retry-after-ms over Retry-After', async () => {
        handlers.push(reply(429, {}, { 'retry-after': '9', 'retry-after-ms': '250' }));
        handlers.push(reply(200, completion()));
        const sleep = sinon.fake.resolves(undefined);

        await client({ sleep }).complete(request, { signal: signal() });

        expect(sleep).to.have.been.calledOnceWith(250);
      });

      it('caps Retry-After at retryMaxDelayMs', async () => {
        handlers.push(reply(429, {}, { 'retry-after': '3600' }));
        handlers.push(reply(200, completion()));
        const sleep = sinon.fake.resolves(undefined);

        await client({ sleep, retryMaxDelayMs: 5000 }).complete(request, { signal: signal() });

        expect(sleep).to.have.been.calledOnceWith(5000);
      });

      it('rejects with a retryable RATE_LIMITED after maxRetries + 1 attempts', async () => {
        for (let i = 0; i < 3; i++) handlers.push(reply(429, {}, { 'retry-after': '1' }));
        const sleep = sinon.fake.resolves(undefined);

        const error = await rejectionOf(client({ sleep, maxRetries: 2 }).complete(request, { signal: signal() }));

        expect(error).to.be.instanceOf(ProviderError);
        expect((error as ProviderError).code).to.equal('RATE_LIMITED');
        expect((error as ProviderError).retryable).to.equal(true);
        expect((error as ProviderError).details).to.include({ status: 429, attempts: 3, retryAfterMs: 1000 });
        expect(hits).to.have.length(3);
        expect(sleep).to.have.been.calledTwice;
      });
    });

    context('when the endpoint answers 5xx', () => {
      it('retries a 500 with jittered backoff and then succeeds', async () => {
        handlers.push(reply(500, { error: { message: 'boom', type: 'server_error' } }));
        handlers.push(reply(200, completion()));
        const sleep = sinon.fake.resolves(undefined);

        const response = await client({ sleep, random: () => 0.5 }).complete(request, { signal: signal() });

        expect(response.choices).to.have.length(1);
        expect(hits).to.have.length(2);
        expect(sleep).to.have.been.calledOnceWith(250);
      });

      it('backs off exponentially with full jitter, capped at retryMaxDelayMs', async () => {
        for (let i = 0; i < 4; i++) handlers.push(reply(503, {}));
        handlers.push(reply(200, completion()));
        const sleep = sinon.fake.resolves(undefined);
        const options = { sleep, random: () => 0.999, maxRetries: 4, retryBaseDelayMs: 100, retryMaxDelayMs: 500 };

        await client(options).complete(request, { signal: signal() });

        expect(sleep.args.map((args: unknown[]) => args[0])).to.deep.equal([99, 199, 399, 499]);
      });

      it('gives up after maxRetries + 1 attempts with a retryable MODEL_HTTP_ERROR', async () => {
        for (let i = 0; i < 3; i++) handlers.push(reply(503, { error: { message: 'overloaded', type: 'server_error' } }));

        const error = await rejectionOf(client().complete(request, { signal: signal() }));

        expect(AgentStudioError.hasCode(error, 'MODEL_HTTP_ERROR')).to.equal(true);
        expect((error as ProviderError).retryable).to.equal(true);
        expect((error as ProviderError).details).to.include({ status: 503, attempts: 3, providerErrorType: 'server_error' });
        expect(hits).to.have.length(3);
      });

      it('does not retry when maxRetries is 0', async () => {
        handlers.push(reply(500, {}));

        const error = await rejectionOf(client({ maxRetries: 0 }).complete(request, { signal: signal() }));

        expect(AgentStudioError.hasCode(error, 'MODEL_HTTP_ERROR')).to.equal(true);
        expect(hits).to.have.length(1);
      });
    });

    context('when the endpoint answers another 4xx', () => {
      it('does not retry a 400 and reports MODEL_HTTP_ERROR with the status and provider type', async () => {
        const body = {
          error: {
            message: 'Invalid content: Where is my order ORD-1002?',
            type: 'invalid_request_error',
            param: 'messages',
            code: 'invalid_value',
          },
        };
        handlers.push(reply(400, body, { 'x-request-id': 'req_42' }));
        const sleep = sinon.fake.resolves(undefined);

        const error = await rejectionOf(client({ sleep }).complete(request, { signal: signal() }));

        expect(error).to.be.instanceOf(ProviderError);
        expect((error as ProviderError).code).to.equal('MODEL_HTTP_ERROR');
        expect((error as ProviderError).retryable).to.equal(false);
        expect((error as ProviderError).details).to.include({
          status: 400,
          providerErrorType: 'invalid_request_error',
          providerErrorCode: 'invalid_value',
          providerErrorParam: 'messages',
          requestId: 'req_42',
          attempts: 1,
        });
        expect(JSON.stringify(error)).to.not.include('ORD-1002');
        expect(hits).to.have.length(1);
        expect(sleep).to.not.have.been.called;
      });
    });

    context('when the endpoint is slow', () => {
      it('rejects with a retryable MODEL_TIMEOUT once timeoutMs has passed', async () => {
        handlers.push(later(2000, reply(200, completion())));
        const started = performance.now();

        const error = await rejectionOf(client({ timeoutMs: 100, maxRetries: 0 }).complete(request, { signal: signal() }));

        expect(error).to.be.instanceOf(ProviderError);
        expect((error as ProviderError).code).to.equal('MODEL_TIMEOUT');
        expect((error as ProviderError).retryable).to.equal(true);
        expect((error as ProviderError).details).to.include({ timeoutMs: 100, attempts: 1 });
        expect(performance.now() - started).to.be.below(1500);
      });

      it('applies timeoutMs per attempt and retries a timed-out attempt', async () => {
        handlers.push(later(2000, reply(200, completion())));
        handlers.push(reply(200, completion({ id: 'chatcmpl-2' })));

        const response = await client({ timeoutMs: 100 }).complete(request, { signal: signal() });

        expect(response.id).to.equal('chatcmpl-2');
        expect(hits).to.have.length(2);
      });

      it('times out a body that stalls after the headers', async () => {
        handlers.push((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"id":"chatcmpl-1",');
        });

        const error = await rejectionOf(client({ timeoutMs: 150, maxRetries: 0 }).complete(request, { signal: signal() }));

        expect(AgentStudioError.hasCode(error, 'MODEL_TIMEOUT')).to.equal(true);
      });
    });

    context('when the connection fails', () => {
      it('retries a dropped connection as MODEL_NETWORK_ERROR and then succeeds', async () => {
        handlers.push((req) => req.socket.destroy());
        handlers.push(reply(200, completion()));
        const sleep = sinon.fake.resolves(undefined);

        const response = await client({ sleep }).complete(request, { signal: signal() });

        expect(response.id).to.equal('chatcmpl-1');
        expect(hits).to.have.length(2);
        expect(sleep).to.have.been.calledOnce;
      });

      it('rejects with a retryable MODEL_NETWORK_ERROR when the endpoint is unreachable', async () => {
        const closed = createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const sleep = sinon.fake.resolves(undefined);

        const error = await rejectionOf(
          client({ baseUrl: `http://127.0.0.1:${port}/v1`, sleep, maxRetries: 1 }).complete(request, { signal: signal() }),
        );

        expect(error).to.be.instanceOf(ProviderError);
        expect((error as ProviderError).code).to.equal('MODEL_NETWORK_ERROR');
        expect((error as ProviderError).retryable).to.equal(true);
        expect((error as ProviderError).details).to.include({ attempts: 2, reason: 'ECONNREFUSED' });
        expect(sleep).to.have.been.calledOnce;
      });
    });

    context('when a 200 body is not a valid response', () => {
      it('rejects a malformed JSON body with MODEL_RESPONSE_INVALID and does not retry', async () => {
        handlers.push(reply(200, '{"id": "chatcmpl-1", "choices": [ ORD-1002'));

        const error = await rejectionOf(client().complete(request, { signal: signal() }));

        expect(error).to.be.instanceOf(ModelBehaviorError);
        expect((error as ModelBehaviorError).code).to.equal('MODEL_RESPONSE_INVALID');
        expect(inspect(error, { depth: 10 })).to.not.include('ORD-1002');
        expect(hits).to.have.length(1);
      });

      it('rejects JSON without choices with MODEL_RESPONSE_INVALID naming the path', async () => {
        const { choices: _dropped, ...withoutChoices } = completion();
        handlers.push(reply(200, withoutChoices));

        const error = await rejectionOf(client().complete(request, { signal: signal() }));

        expect(error).to.be.instanceOf(ModelBehaviorError);
        expect((error as ModelBehaviorError).code).to.equal('MODEL_RESPONSE_INVALID');
        expect((error as ModelBehaviorError).details?.path).to.equal('choices');
        expect(hits).to.have.length(1);
      });

      it('rejects a choice without a message with MODEL_RESPONSE_INVALID', async () => {
        handlers.push(reply(200, completion({ choices: [{ index: 0, finish_reason: 'stop' }] })));

        const error = await rejectionOf(client().complete(request, { signal: signal() }));

        expect(AgentStudioError.hasCode(error, 'MODEL_RESPONSE_INVALID')).to.equal(true);
        expect((error as ModelBehaviorError).details?.path).to.equal('choices[0].message');
      });
    });

    context('when the caller aborts', () => {
      it('rejects with the AbortError mid-request and does not retry', async () => {
        const controller = new AbortController();
        handlers.push((req, res) => {
          hang(req, res);
          controller.abort();
        });

        const error = await rejectionOf(client().complete(request, { signal: controller.signal }));
        await delay(100);

        expect(error).to.be.instanceOf(Error);
        expect((error as Error).name).to.equal('AbortError');
        expect(error).to.equal(controller.signal.reason);
        expect(AgentStudioError.is(error)).to.equal(false);
        expect(hits).to.have.length(1);
      });

      it('stops a backoff sleep at once', async () => {
        const controller = new AbortController();
        handlers.push(reply(500, {}));
        handlers.push(reply(200, completion()));
        const model = new OpenAIModelClient({ baseUrl, retryBaseDelayMs: 10_000, random: () => 0.99 });
        const started = performance.now();
        setTimeout(() => controller.abort(), 100);

        const error = await rejectionOf(model.complete(request, { signal: controller.signal }));

        expect((error as Error).name).to.equal('AbortError');
        expect(performance.now() - started).to.be.below(2000);
        expect(hits).to.have.length(1);
      });

      it('stops at once even when an injected sleep ignores the signal', async () => {
        const controller = new AbortController();
        handlers.push(reply(503, {}));
        const sleep = sinon.fake(() => new Promise<void>(() => undefined));
        setTimeout(() => controller.abort(), 100);

        const error = await rejectionOf(client({ sleep }).complete(request, { signal: controller.signal }));

        expect((error as Error).name).to.equal('AbortError');
        expect(hits).to.have.length(1);
      });

      it('rejects without sending when the signal is already aborted', async () => {
        const error = await rejectionOf(client().complete(request, { signal: AbortSignal.abort() }));

        expect((error as Error).name).to.equal('AbortError');
        expect(hits).to.have.length(0);
      });

      it('passes a custom abort reason through unwrapped', async () => {
        const controller = new AbortController();
        const reason = new Error('run cancelled');
        handlers.push((req, res) => {
          hang(req, res);
          controller.abort(reason);
        });

        const error = await rejectionOf(client().complete(request, { signal: controller.signal }));

        expect(error).to.equal(reason);
      });
    });

    context('when errors are serialized', () => {
      const leaks = (error: unknown): boolean =>
        [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].some((text) =>
          text.includes(API_KEY),
        );

      it('never puts the apiKey in a 401 error, even when the provider echoes it', async () => {
        handlers.push(
          reply(401, {
            error: { message: `Incorrect API key provided: ${API_KEY}`, type: 'invalid_request_error', code: 'invalid_api_key' },
          }),
        );

        const error = await rejectionOf(client().complete(request, { signal: signal() }));

        expect(AgentStudioError.hasCode(error, 'MODEL_HTTP_ERROR')).to.equal(true);
        expect((error as ProviderError).details).to.include({ status: 401, providerErrorCode: 'invalid_api_key' });
        expect(leaks(error)).to.equal(false);
      });

      it('never puts the apiKey in timeout, network or response errors', async () => {
        handlers.push(later(2000, reply(200, completion())));
        const timeout = await rejectionOf(client({ timeoutMs: 50, maxRetries: 0 }).complete(request, { signal: signal() }));
        handlers.push((req) => req.socket.destroy());
        const network = await rejectionOf(client({ maxRetries: 0 }).complete(request, { signal: signal() }));
        handlers.push(reply(200, { id: API_KEY }));
        const invalid = await rejectionOf(client().complete(request, { signal: signal() }));

        expect([timeout, network, invalid].map((error) => (error as AgentStudioError).code)).to.deep.equal([
          'MODEL_TIMEOUT',
          'MODEL_NETWORK_ERROR',
          'MODEL_RESPONSE_INVALID',
        ]);
        expect([timeout, network, invalid].some(leaks)).to.equal(false);
      });

      it('never exposes the apiKey on the client object', () => {
        const model = client();

        expect(JSON.stringify(model)).to.not.include(API_KEY);
        expect(inspect(model, { depth: 10, showHidden: true })).to.not.include(API_KEY);
      });
    });
  });

  describe('constructor', () => {
    it('applies the name option', () => {
      expect(client().name).to.equal('openai');
      expect(client({ name: 'local-llm' }).name).to.equal('local-llm');
    });

    it('rejects an invalid option with CONFIG_INVALID naming the field', () => {
      const build = (): OpenAIModelClient => client({ timeoutMs: -1 });

      expect(build).to.throw(ConfigurationError).with.property('code', 'CONFIG_INVALID');
      expect(build).to.throw(ConfigurationError).with.nested.property('details.field', 'timeoutMs');
    });

    it('rejects a missing or non-http baseUrl', () => {
      expect(() => new OpenAIModelClient({} as OpenAIModelClientOptions))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'baseUrl');
      expect(() => client({ baseUrl: 'ftp://example.com/v1' }))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'baseUrl');
      expect(() => client({ baseUrl: 'https://user:pw@example.com/v1' }))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'baseUrl');
    });

    it('rejects an unknown option, naming it', () => {
      const options = { baseUrl, timeout: 5 } as unknown as OpenAIModelClientOptions;

      expect(() => new OpenAIModelClient(options))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'timeout');
    });

    it('rejects a retryMaxDelayMs below retryBaseDelayMs', () => {
      expect(() => client({ retryBaseDelayMs: 1000, retryMaxDelayMs: 10 }))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'retryMaxDelayMs');
    });

    it('rejects an apiKey with a line break without quoting it', () => {
      const bad = `${API_KEY}\r\nX-Injected: 1`;
      let caught: unknown;
      try {
        client({ apiKey: bad });
      } catch (error) {
        caught = error;
      }

      expect(caught).to.be.instanceOf(ConfigurationError);
      expect((caught as ConfigurationError).details).to.include({ field: 'apiKey' });
      expect(inspect(caught, { depth: 10 })).to.not.include(API_KEY);
    });
  });

  describe('.fromEnv()', () => {
    it('rejects the public OpenAI base URL when OPENAI_API_KEY is not set', () => {
      for (const env of [{}, { OPENAI_API_KEY: '  ' }, { OPENAI_BASE_URL: 'https://api.openai.com/v1/' }]) {
        expect(() => OpenAIModelClient.fromEnv(env))
          .to.throw(ConfigurationError)
          .with.nested.property('details.field', 'OPENAI_API_KEY');
      }
    });

    it('rejects an OPENAI_BASE_URL that is not a URL', () => {
      expect(() => OpenAIModelClient.fromEnv({ OPENAI_BASE_URL: 'localhost:11434', OPENAI_API_KEY: API_KEY }))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'OPENAI_BASE_URL');
    });

    it('accepts the public OpenAI base URL with a key', () => {
      expect(OpenAIModelClient.fromEnv({ OPENAI_API_KEY: API_KEY })).to.be.instanceOf(OpenAIModelClient);
    });

    it('reads OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_ORG_ID', async () => {
      handlers.push(reply(200, completion()));
      const env = { OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: API_KEY, OPENAI_ORG_ID: 'org-9' };

      await OpenAIModelClient.fromEnv(env).complete(request, { signal: signal() });

      expect(hits[0]?.url).to.equal('/v1/chat/completions');
      expect(hits[0]?.headers.authorization).to.equal(`Bearer ${API_KEY}`);
      expect(hits[0]?.headers['openai-organization']).to.equal('org-9');
    });

    it('needs no key for a non-OpenAI base URL', async () => {
      handlers.push(reply(200, completion()));

      await OpenAIModelClient.fromEnv({ OPENAI_BASE_URL: baseUrl }).complete(request, { signal: signal() });

      expect(hits[0]?.headers).to.not.have.property('authorization');
    });

    it('lets overrides win over the environment', async () => {
      handlers.push(reply(200, completion()));
      const env = { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_API_KEY: 'sk-env' };

      await OpenAIModelClient.fromEnv(env, { baseUrl, apiKey: API_KEY }).complete(request, { signal: signal() });

      expect(hits[0]?.headers.authorization).to.equal(`Bearer ${API_KEY}`);
    });

    it('rejects an invalid override with CONFIG_INVALID naming the field', () => {
      expect(() => OpenAIModelClient.fromEnv({ OPENAI_BASE_URL: baseUrl }, { maxRetries: -1 }))
        .to.throw(ConfigurationError)
        .with.nested.property('details.field', 'maxRetries');
    });
  });
});

describe('OpenAIModelClient limits (review)', () => {
  it('refuses to send an API key over plain HTTP to a non-loopback host', () => {
    expect(() => new OpenAIModelClient({ baseUrl: 'http://api.example.com/v1', apiKey: 'sk-test' })).to.throw().with.property('code', 'CONFIG_INVALID');
    expect(() => new OpenAIModelClient({ baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'sk-test' })).to.not.throw();
  });

  it('refuses a response body larger than maxResponseBytes without reading it all', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(50_000)}"}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const client = new OpenAIModelClient({ baseUrl: `http://127.0.0.1:${port}/v1`, maxResponseBytes: 4_096, maxRetries: 0 });
      const error = await client.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { signal: new AbortController().signal }).then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      expect(error?.code).to.equal('MODEL_RESPONSE_INVALID');
    } finally {
      server.close();
    }
  });
});
