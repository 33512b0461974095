import { AgentStudioError } from '@agent-studio/core';
import { expect } from 'chai';
import { EgressPolicy, type EgressPolicyOptions, egressModule, isLlmApiHost } from '../../src/index.js';

function configError(options: unknown): AgentStudioError | undefined {
  try {
    new EgressPolicy(options as EgressPolicyOptions);
  } catch (error) {
    return AgentStudioError.is(error) ? error : undefined;
  }
  return undefined;
}

describe('EgressPolicy', () => {
  const bad: [string, unknown][] = [
    ['a rule with both host and cidr', { tenants: { t: [{ host: 'a.example', cidr: '10.0.0.0/8' }] } }],
    ['a rule with neither host nor cidr', { tenants: { t: [{ ports: [443] }] } }],
    ['a malformed host pattern', { tenants: { t: [{ host: 'exa mple.com' }] } }],
    ['a bare "*" host', { tenants: { t: [{ host: '*' }] } }],
    ['a malformed CIDR', { agents: { a: [{ cidr: '10.0.0.0/33' }] } }],
    ['an unknown scheme', { agents: { a: [{ host: 'a.example', schemes: ['ftp'] }] } }],
    ['a port out of range', { agents: { a: [{ host: 'a.example', ports: [70_000] }] } }],
    ['an unknown rule field', { agents: { a: [{ host: 'a.example', allowPrivate: true }] } }],
    ['a rule naming an undefined credential', { tenants: { t: [{ host: 'a.example', credential: 'missing' }] } }],
    ['a credential with a bad header name', { credentials: { k: { header: 'X Api Key', value: 'v' } } }],
    ['a credential with neither value nor env', { credentials: { k: { header: 'X-Api-Key' } } }],
    ['an unknown top-level field', { tenant: {} }],
  ];
  for (const [label, options] of bad) {
    it(`R-EGRESS-1: rejects ${label} with CONFIG_INVALID`, () => {
      const err = configError(options);
      expect(err?.code).to.equal('CONFIG_INVALID');
      expect(err?.name).to.equal('ConfigurationError');
      expect(err?.message).to.match(/^Invalid egress policy: /);
    });
  }

  it('R-EGRESS-3: never echoes a credential value in a configuration error', () => {
    const err = configError({ credentials: { k: { header: 'bad header', value: 'top-secret-value' } } });
    expect(JSON.stringify(err?.toJSON())).to.not.include('top-secret-value');
  });

  it('R-EGRESS-1: fails at module creation for a bad policy (startup, not mid-run)', () => {
    expect(() => egressModule({ tenants: { t: [{ cidr: 'nope' }] } })).to.throw(/Invalid egress policy/);
  });

  it('R-EGRESS-1: accepts a complete policy', () => {
    expect(
      () =>
        new EgressPolicy({
          tenants: { acme: [{ host: 'api.crm.example.com', credential: 'crm' }, { host: '*.acme.example' }, { cidr: '10.1.0.0/16', schemes: ['http'], ports: [8080] }, { host: '::1' }] },
          agents: { bot: [{ host: 'api.crm.example.com', credential: 'crm' }] },
          credentials: { crm: { header: 'Authorization', env: 'CRM_TOKEN' } },
        }),
    ).to.not.throw();
  });
});

describe('isLlmApiHost', () => {
  it('SPEC §12: knows the provider hosts and their wildcard forms', () => {
    for (const host of ['api.openai.com', 'x.y.openai.azure.com', 'generativelanguage.googleapis.com', 'api.cohere.com', 'bedrock-runtime.eu-west-1.amazonaws.com', 'openrouter.ai', 'us-central1-aiplatform.googleapis.com']) {
      expect(isLlmApiHost(host), host).to.equal(true);
    }
  });

  it('SPEC §12: leaves unrelated hosts alone', () => {
    for (const host of ['openai.com.evil.example', 's3.us-east-1.amazonaws.com', 'api.example.com', 'bedrock-runtime.amazonaws.com']) {
      expect(isLlmApiHost(host), host).to.equal(false);
    }
  });
});
