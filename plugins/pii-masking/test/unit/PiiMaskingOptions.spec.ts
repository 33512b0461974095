import { defineAgent } from '@agent-studio/core';
import { expect } from 'chai';
import {
  agentPiiSettings,
  normalizePiiMode,
  PII_PRESET_SETTINGS,
  type PiiMaskingOptionsInput,
  PiiMaskingOptionsSchema,
  piiMaskingModule,
  resolvePiiSettings,
} from '../../src/index.js';

function agent(audience: 'employee' | 'service' = 'employee', trust: Record<string, unknown> = {}) {
  return defineAgent({ name: 'support', audience, model: { name: 'm' }, instructions: 'x', trust });
}

function resolve(options: PiiMaskingOptionsInput, audience: 'employee' | 'service' = 'employee', trust: Record<string, unknown> = {}) {
  return resolvePiiSettings(PiiMaskingOptionsSchema.parse(options), agent(audience, trust));
}

describe('PiiMaskingOptions (R-PII-1, R-PII-7)', () => {
  describe(normalizePiiMode.name, () => {
    const cases: [string, string | undefined][] = [
      ['hybrid', 'hybrid'],
      ['Hybrid', 'hybrid'],
      ['schema', 'schema'],
      ['SchemaOnly', 'schema'],
      ['schema-only', 'schema'],
      ['SCHEMA ONLY', 'schema'],
      ['only_schema', 'schema'],
      ['pattern', 'pattern'],
      ['PatternOnly', 'pattern'],
      ['pattern only', 'pattern'],
      ['HYBRID_MODE', 'hybrid'],
      ['everything', undefined],
      ['SchemaBased', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of cases) it(`R-PII-1: ${JSON.stringify(input)} → ${String(expected)}`, () => expect(normalizePiiMode(input)).to.equal(expected));
  });

  describe(resolvePiiSettings.name, () => {
    it('R-PII-1: the defaults are hybrid, all categories, Confidential + Restricted, 50,000 / mask, reply unmasked', () => {
      expect(resolve({})).to.deep.equal({
        enabled: true,
        mode: 'hybrid',
        categories: [],
        sensitiveClassifications: ['Confidential', 'Restricted'],
        sizeGuard: { maxChars: 50_000, onExceed: 'mask' },
        unmaskReply: true,
        withholdInReply: [],
        nameFallback: true,
      });
    });

    it('R-PII-1: preset standard is Financial, Identity, Contact with Confidential and Restricted', () => {
      expect(resolve({ preset: 'standard' })).to.deep.include({ enabled: true, mode: 'hybrid', categories: ['Financial', 'Identity', 'Contact'], sensitiveClassifications: ['Confidential', 'Restricted'] });
      expect(PII_PRESET_SETTINGS.standard.categories).to.deep.equal(['Financial', 'Identity', 'Contact']);
    });

    it('R-PII-1: preset strict is every category with Confidential, Restricted, MissionCritical and Internal', () => {
      expect(resolve({ preset: 'STRICT' })).to.deep.include({ categories: [], sensitiveClassifications: ['Confidential', 'Restricted', 'MissionCritical', 'Internal'] });
    });

    it('R-PII-1: preset off disables; a later layer with a preset enables again', () => {
      expect(resolve({ preset: 'off' }).enabled).to.equal(false);
      expect(resolve({ preset: 'off', mode: 'schema' }).enabled).to.equal(false);
      expect(resolve({ preset: 'off' }, 'employee', { 'pii-masking': { preset: 'standard' } }).enabled).to.equal(true);
      expect(resolve({ preset: 'off', agents: { support: { preset: 'strict' } } }).enabled).to.equal(true);
    });

    it('R-PII-1: layers apply in order tenant → trust section → options.agents, and explicit keys override the layer preset', () => {
      const s = resolve({ preset: 'strict', sizeGuard: { maxChars: 10 }, agents: { support: { categories: ['Health'] } } }, 'employee', { 'pii-masking': { preset: 'standard', mode: 'pattern' } });
      expect(s).to.deep.include({ mode: 'pattern', categories: ['Health'], sensitiveClassifications: ['Confidential', 'Restricted'], sizeGuard: { maxChars: 10, onExceed: 'mask' } });
    });

    it('R-PII-1: empty sensitiveClassifications means Confidential and Restricted', () => {
      expect(resolve({ sensitiveClassifications: [] }).sensitiveClassifications).to.deep.equal(['Confidential', 'Restricted']);
    });

    it('a service agent withholds Internal, Restricted and MissionCritical FIELD tokens from its reply by default', () => {
      expect(resolve({}, 'service').withholdInReply).to.deep.equal(['Internal', 'Restricted', 'MissionCritical']);
      expect(resolve({ withholdInReply: [] }, 'service').withholdInReply).to.deep.equal([]);
    });

    it('R-PII-7: the size guard merges key by key', () => {
      expect(resolve({ sizeGuard: { onExceed: 'reject' }, agents: { support: { sizeGuard: { maxChars: 0 } } } }).sizeGuard).to.deep.equal({ maxChars: 0, onExceed: 'reject' });
    });
  });

  describe(agentPiiSettings.name, () => {
    it("reads trust['pii-masking'] and refuses an invalid one with AGENT_DEFINITION_INVALID", () => {
      expect(agentPiiSettings(agent('employee', { 'pii-masking': { mode: 'SchemaOnly' } }))).to.deep.equal({ mode: 'schema' });
      expect(agentPiiSettings(agent())).to.equal(undefined);
      expect(() => agentPiiSettings(agent('employee', { 'pii-masking': { unmaskReply: 'yes' } })))
        .to.throw()
        .with.property('code', 'AGENT_DEFINITION_INVALID');
    });
  });

  describe(piiMaskingModule.name, () => {
    it('rejects invalid options with CONFIG_INVALID', () => {
      const bad: unknown[] = [
        { mode: 'everything' },
        { preset: 'loose' },
        { categories: ['Secrets'] },
        { sensitiveClassifications: ['TopSecret'] },
        { sizeGuard: { maxChars: -1 } },
        { sizeGuard: { onExceed: 'chunk' } },
        { agents: { Support: {} } },
        { fields: [{ object: 'Contact' }] },
        { model: { objects: 3 } },
        { extra: true },
      ];
      for (const options of bad) {
        expect(() => piiMaskingModule(options as PiiMaskingOptionsInput), JSON.stringify(options))
          .to.throw()
          .with.property('code', 'CONFIG_INVALID');
      }
    });
  });
});
