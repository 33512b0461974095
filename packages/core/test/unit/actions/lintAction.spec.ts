import { expect } from 'chai';
import { z } from 'zod';
import {
  ActionRegistry,
  type ActionConfig,
  AgentStudioError,
  contextInput,
  defineAction,
  field,
  lintAction,
} from '../../../src/index.js';

const base = {
  name: 'read_thing',
  description: 'Read a thing.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ q: z.string() }),
} as const satisfies ActionConfig;

function rules(config: Partial<ActionConfig> & Record<string, unknown>): string[] {
  return lintAction({ ...base, ...config } as ActionConfig).map((p) => `${p.rule}${p.field ? `:${p.field}` : ''}`);
}

describe('lintAction (SPEC §12 registration rules)', () => {
  it('accepts a well-classified action', () => {
    expect(rules({})).to.deep.equal([]);
  });

  describe('R-ACT-CLS-1: classification', () => {
    it('refuses a missing audience', () => expect(rules({ audience: undefined as never })).to.deep.equal(['R-ACT-CLS-1']));
    it('refuses a missing visibility', () => expect(rules({ visibility: undefined as never })).to.deep.equal(['R-ACT-CLS-1']));
    it('refuses an unknown effect', () => expect(rules({ effect: 'mutate' as never })).to.deep.equal(['R-ACT-CLS-1']));
  });

  describe('R-ACT-CLS-2: private definition', () => {
    it('refuses a public action that writes', () => {
      expect(rules({ effect: 'write', requiresConfirmation: true })).to.deep.equal(['R-ACT-CLS-2']);
    });
    it('refuses a public action that returns non-public data', () => {
      expect(rules({ returnsNonPublicData: true })).to.deep.equal(['R-ACT-CLS-2']);
    });
  });

  describe('R-ACT-IN-1: no user-controlled record id, object name or field name', () => {
    for (const kind of ['recordId', 'objectName', 'fieldName'] as const) {
      it(`refuses a user-input ${kind}`, () => {
        const problems = lintAction({ ...base, input: z.object({ target: field(z.string(), { kind }) }) });
        expect(problems.map((p) => `${p.rule}:${p.field}`)).to.deep.equal(['R-ACT-IN-1:target']);
        expect(problems[0]?.fix).to.include('contextInput');
      });
    }
    it('looks through optional wrappers', () => {
      const problems = lintAction({ ...base, input: z.object({ target: field(z.string(), { kind: 'recordId' }).optional() }) });
      expect(problems.map((p) => p.rule)).to.deep.equal(['R-ACT-IN-1']);
    });
    it('accepts a record id bound from context', () => {
      expect(lintAction({ ...base, input: z.object({ id: contextInput('CurrentRecordId', z.string(), { kind: 'recordId' }) }) })).to.deep.equal([]);
    });
  });

  describe('R-ACT-IN-2: context binding', () => {
    it('refuses a non-user input that names no variable', () => {
      expect(lintAction({ ...base, input: z.object({ x: field(z.string(), { userInput: false }) }) }).map((p) => p.rule)).to.deep.equal(['R-ACT-IN-2']);
    });
  });

  describe('R-ACT-VER-1: verified customer for private service actions', () => {
    it('refuses a private service action without VerifiedCustomerId', () => {
      expect(rules({ audience: 'service', visibility: 'private' })).to.deep.equal(['R-ACT-VER-1']);
    });
    it('accepts it with a VerifiedCustomerId context input', () => {
      const input = z.object({ q: z.string(), customer: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }) });
      expect(lintAction({ ...base, audience: 'service', visibility: 'private', input })).to.deep.equal([]);
    });
  });

  describe('R-ACT-CONF-1: confirmation for sensitive actions', () => {
    for (const effect of ['write', 'delete', 'external'] as const) {
      it(`refuses a ${effect} action without requiresConfirmation`, () => {
        expect(rules({ effect, visibility: 'private' })).to.deep.equal(['R-ACT-CONF-1']);
      });
    }
    it('accepts a written waiver of at least 20 characters', () => {
      expect(rules({ effect: 'write', visibility: 'private', confirmationWaiver: 'Writes only a draft the user reviews before sending.' })).to.deep.equal([]);
    });
    it('refuses a token waiver', () => {
      expect(rules({ effect: 'write', visibility: 'private', confirmationWaiver: 'n/a' })).to.deep.equal(['R-ACT-CONF-1']);
    });
  });

  describe('naming and description', () => {
    it('refuses an empty description', () => expect(rules({ description: '  ' })).to.deep.equal(['ACTION-DESCRIPTION']));
    it('refuses a name the model cannot call', () => expect(rules({ name: 'read thing!' })).to.deep.equal(['ACTION-NAME']));
    it('refuses an input that is not z.object', () => expect(rules({ input: z.string() as never })).to.deep.equal(['ACTION-SCHEMA']));
  });
});

describe(ActionRegistry.name, () => {
  const ok = defineAction({ ...base, run: () => ({}) });

  it('throws ACTION_LINT_FAILED naming the action, the field, the rule and the fix', () => {
    const registry = new ActionRegistry();
    const bad = defineAction({ ...base, name: 'bad_one', input: z.object({ id: field(z.string(), { kind: 'recordId' }) }), run: () => ({}) });
    try {
      registry.register(bad);
      expect.fail('should throw');
    } catch (e) {
      expect(AgentStudioError.hasCode(e, 'ACTION_LINT_FAILED')).to.equal(true);
      const err = e as AgentStudioError;
      expect(err.name).to.equal('ConfigurationError');
      expect(err.message).to.include('bad_one.id [R-ACT-IN-1]').and.include('fix:');
      expect(err.details?.problems).to.have.length(1);
    }
  });

  it('refuses duplicate names, case-insensitively', () => {
    const registry = new ActionRegistry();
    registry.register(ok);
    expect(() => registry.register({ ...ok, name: 'READ_THING' })).to.throw().with.property('code', 'ACTION_DUPLICATE');
  });

  it('builds the tool schema once, at registration', () => {
    const registry = new ActionRegistry();
    const d = registry.register(ok);
    expect(registry.get('read_thing')?.tool).to.equal(d.tool);
    expect(d.tool.function.parameters).to.deep.equal({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] });
  });

  it('tells the model when an action requires confirmation', () => {
    const registry = new ActionRegistry();
    const d = registry.register(defineAction({ ...base, name: 'send', effect: 'external', visibility: 'private', requiresConfirmation: true, run: () => ({}) }));
    expect(d.tool.function.description).to.include('confirmation');
  });
});
