import { expect } from 'chai';
import { assertSomethingToWrite, coerceArguments, type CoerceArgumentsRequest } from '../../src/coercion/coerceArguments.js';
import { DataAccessError } from '../../src/errors/DataAccessError.js';
import { ModelIndex } from '../../src/model/ModelIndex.js';

const index = ModelIndex.from({
  objects: {
    Account: { owd: 'Private', fields: { Name: { type: 'string', length: 80 } } },
    Case: {
      owd: 'Private',
      fields: {
        Subject: { type: 'string', length: 20 },
        Description: { type: 'textarea' },
        Status: { type: 'picklist', values: ['New', 'Working', 'Closed'] },
        Priority: { type: 'picklist', values: ['Low', 'High'] },
        Origin: { type: 'picklist', values: ['Web', 'Phone'] },
        Count: { type: 'integer' },
        DueDate: { type: 'date' },
        IsEscalated: { type: 'boolean' },
        AccountId: { type: 'reference', reference: 'Account' },
        InternalNotes__c: { type: 'textarea' },
        Secret__c: { type: 'string' },
      },
    },
  },
  profiles: [
    {
      name: 'Agent',
      objects: { Case: { read: true, create: true, edit: true }, Account: { read: true } },
      fields: {
        'Case.Subject': { read: true, edit: true },
        'Case.Description': { read: true, edit: true },
        'Case.Status': { read: true, edit: true },
        'Case.Priority': { read: true, edit: true },
        'Case.Origin': { read: true, edit: true },
        'Case.Count': { read: true, edit: true },
        'Case.DueDate': { read: true, edit: true },
        'Case.IsEscalated': { read: true, edit: true },
        'Case.AccountId': { read: true, edit: true },
        'Case.InternalNotes__c': { read: true },
        // Even an explicit edit grant never makes Id or OwnerId writable through coercion.
        'Case.OwnerId': { read: true, edit: true },
      },
    },
    { name: 'Nobody', objects: { Case: { read: true } } },
  ],
  users: [
    { id: 'agent', profile: 'Agent' },
    { id: 'viewer', profile: 'Nobody' },
  ],
});

function run(args: CoerceArgumentsRequest['args'], extra: Partial<CoerceArgumentsRequest> = {}) {
  return coerceArguments(index, { userId: 'agent', object: 'Case', access: 'update', args, ...extra });
}

function thrown(fn: () => unknown): DataAccessError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(DataAccessError);
    return e as DataAccessError;
  }
  return expect.fail('expected a DataAccessError');
}

describe(coerceArguments.name, () => {
  describe('R-COERCE-1: access and empty input', () => {
    for (const access of ['create', 'update'] as const) {
      it(`R-COERCE-1: accepts '${access}' access`, () => {
        expect(run({ Subject: 'Hi' }, { access }).values).to.deep.equal({ Subject: 'Hi' });
      });
    }

    for (const access of ['read', 'delete', 'upsert', '', 'CREATE']) {
      it(`R-COERCE-1: refuses '${access}' access with QUERY_INVALID`, () => {
        const error = thrown(() => run({ Subject: 'Hi' }, { access: access as 'create' }));
        expect(error.code).to.equal('QUERY_INVALID');
      });
    }

    it('R-COERCE-1: refuses an unknown object with QUERY_INVALID', () => {
      expect(thrown(() => run({ Subject: 'Hi' }, { object: 'Opportunity' })).code).to.equal('QUERY_INVALID');
    });

    for (const [label, args] of [
      ['null', null],
      ['undefined', undefined],
      ['empty', {}],
    ] as const) {
      it(`R-COERCE-1: returns an empty result for ${label} arguments`, () => {
        expect(run(args)).to.deep.equal({ values: {}, dropped: [], issues: [], lockedOverrides: [] });
      });
    }

    it('R-COERCE-1: refuses arguments that are not an object with INPUT_VALIDATION', () => {
      expect(thrown(() => run(['Subject'] as unknown as Record<string, unknown>)).code).to.equal('INPUT_VALIDATION');
      expect(thrown(() => run('Subject=Hi' as unknown as Record<string, unknown>)).code).to.equal('INPUT_VALIDATION');
    });
  });

  describe('R-COERCE-2: lookup, unknown fields, FLS and null', () => {
    it('R-COERCE-2: looks fields up case-insensitively and outputs canonical API names', () => {
      const result = run({ subject: 'Hi', STATUS: 'Working', accountid: '0015000000Gv7qJAAR', internalNotes__C: 'x', isescalated: 'yes' });
      expect(result.values).to.deep.equal({ Subject: 'Hi', Status: 'Working', AccountId: '0015000000Gv7qJAAR', IsEscalated: true });
      expect(result.dropped).to.deep.equal([{ field: 'InternalNotes__c', reason: 'not-editable', source: 'args' }]);
    });

    it('R-COERCE-2: skips unknown fields and reports them as unknown, as spelled', () => {
      const result = run({ Subject: 'Hi', Sbject: 'typo', Amount: 5 });
      expect(result.values).to.deep.equal({ Subject: 'Hi' });
      expect(result.issues).to.deep.equal([]);
      expect(result.dropped).to.deep.equal([
        { field: 'Sbject', reason: 'unknown', source: 'args' },
        { field: 'Amount', reason: 'unknown', source: 'args' },
      ]);
    });

    it('R-COERCE-2 / R-FLS-1: drops fields the user may only read or not see at all, without an error', () => {
      const result = run({ Subject: 'Hi', InternalNotes__c: 'note', Secret__c: 's' });
      expect(result.values).to.deep.equal({ Subject: 'Hi' });
      expect(result.issues).to.deep.equal([]);
      expect(result.dropped).to.deep.equal([
        { field: 'InternalNotes__c', reason: 'not-editable', source: 'args' },
        { field: 'Secret__c', reason: 'not-editable', source: 'args' },
      ]);
    });

    it('R-COERCE-2: never writes Id or OwnerId, even with an edit grant', () => {
      const result = run({ Id: '500000000000001AAA', ownerid: '005000000000001AAA', Subject: 'Hi' });
      expect(result.values).to.deep.equal({ Subject: 'Hi' });
      expect(result.dropped.map((d) => [d.field, d.reason])).to.deep.equal([
        ['Id', 'not-editable'],
        ['OwnerId', 'not-editable'],
      ]);
    });

    it('R-COERCE-2: does not validate the value of a dropped field (no oracle, no issue)', () => {
      const result = run({ Secret__c: { nested: true }, InternalNotes__c: ['x'] });
      expect(result.issues).to.deep.equal([]);
      expect(result.dropped.map((d) => d.field)).to.deep.equal(['Secret__c', 'InternalNotes__c']);
    });

    it('R-COERCE-2: drops every field for a user without field edit permissions', () => {
      const result = run({ Subject: 'Hi', Status: 'New' }, { userId: 'viewer' });
      expect(result.values).to.deep.equal({});
      expect(result.dropped.map((d) => d.reason)).to.deep.equal(['not-editable', 'not-editable']);
    });

    it('R-COERCE-2: drops every field for an unknown user', () => {
      expect(run({ Subject: 'Hi' }, { userId: 'ghost' }).values).to.deep.equal({});
    });

    it('R-COERCE-2: keeps a null value for an accessible field as null', () => {
      const result = run({ Subject: null, DueDate: null, AccountId: null });
      expect(result.values).to.deep.equal({ Subject: null, DueDate: null, AccountId: null });
      expect(result.issues).to.deep.equal([]);
    });

    it('R-COERCE-2: ignores keys whose value is undefined', () => {
      expect(run({ Subject: undefined, Status: 'New' })).to.deep.equal({ values: { Status: 'New' }, dropped: [], issues: [], lockedOverrides: [] });
    });

    it('R-COERCE-2: reports a field named twice in different cases as an issue, and writes neither', () => {
      const result = run({ Status: 'New', status: 'Closed', Subject: 'Hi' });
      expect(result.values).to.deep.equal({ Subject: 'Hi' });
      expect(result.issues).to.have.length(1);
      expect(result.issues[0]).to.include({ field: 'Status', targetType: 'picklist', inputType: 'multiple' });
      expect(result.issues[0]?.guidance).to.include('more than once');
    });
  });

  describe('R-COERCE-4 / R-COERCE-5: conversion through coerceArguments', () => {
    it('R-COERCE-4: converts each value to its field type', () => {
      const result = run({ Count: '7', DueDate: '2026-03-31T10:00:00Z', IsEscalated: 'off', Description: 'd'.repeat(500) });
      expect(result.values).to.deep.equal({ Count: 7, DueDate: '2026-03-31', IsEscalated: false, Description: 'd'.repeat(500) });
    });

    it('R-COERCE-5: leaves out bad values and reports field, target type, input type and guidance for each', () => {
      const result = run({ Subject: 'ok', Count: '1,000', DueDate: '2026-02-30', Status: 'closed', AccountId: 'acme' });
      expect(result.values).to.deep.equal({ Subject: 'ok' });
      expect(result.issues.map((i) => [i.field, i.targetType, i.inputType])).to.deep.equal([
        ['Count', 'integer', 'string'],
        ['DueDate', 'date', 'string'],
        ['Status', 'picklist', 'string'],
        ['AccountId', 'reference', 'string'],
      ]);
      const guidance = result.issues.map((i) => i.guidance);
      expect(guidance[0]).to.include('without commas, currency symbols');
      expect(guidance[1]).to.include('YYYY-MM-DD');
      expect(guidance[2]).to.include("'New', 'Working', 'Closed'");
      expect(guidance[3]).to.include('15 or 18 letters and digits');
    });

    it('R-COERCE-5: reports the maximum length of a string field', () => {
      expect(run({ Subject: 'x'.repeat(21) }).issues[0]?.guidance).to.include('at most 20');
    });
  });

  describe('R-COERCE-6: defaults', () => {
    it('R-COERCE-6: merges defaults under the model values (the model wins)', () => {
      const result = run({ status: 'Working' }, { defaults: { values: { Status: 'New', Origin: 'Web' } } });
      expect(result.values).to.deep.equal({ Status: 'Working', Origin: 'Web' });
      expect(result.lockedOverrides).to.deep.equal([]);
    });

    it('R-COERCE-6: lets a null from the model override a default', () => {
      expect(run({ Origin: null }, { defaults: { values: { Origin: 'Web' } } }).values).to.deep.equal({ Origin: null });
    });

    it('R-COERCE-6: applies defaults when the model supplied nothing', () => {
      expect(run(null, { defaults: { values: { Origin: 'Web' } } }).values).to.deep.equal({ Origin: 'Web' });
    });

    it('R-COERCE-6: makes locked defaults win over the model and reports the override', () => {
      const result = run({ Priority: 'High', Origin: 'Phone', Subject: 'Hi' }, { defaults: { values: { Priority: 'Low', origin: 'Web' }, locked: ['priority', 'Origin'] } });
      expect(result.values).to.deep.equal({ Priority: 'Low', Origin: 'Web', Subject: 'Hi' });
      expect(result.lockedOverrides).to.deep.equal(['Priority', 'Origin']);
    });

    it('R-COERCE-6: does not report a locked default the model did not try to set', () => {
      const result = run({ Subject: 'Hi' }, { defaults: { values: { Priority: 'Low' }, locked: ['Priority'] } });
      expect(result.values).to.deep.equal({ Subject: 'Hi', Priority: 'Low' });
      expect(result.lockedOverrides).to.deep.equal([]);
    });

    it('R-COERCE-6: keeps a locked field without a default unset, whatever the model sent', () => {
      const result = run({ Priority: 'High', Subject: 'Hi' }, { defaults: { values: {}, locked: ['Priority'] } });
      expect(result.values).to.deep.equal({ Subject: 'Hi' });
      expect(result.lockedOverrides).to.deep.equal(['Priority']);
    });

    it('R-COERCE-6: ignores a locked field the model named twice instead of reporting an issue', () => {
      const result = run({ Priority: 'High', priority: 'High' }, { defaults: { values: { Priority: 'Low' }, locked: ['Priority'] } });
      expect(result.values).to.deep.equal({ Priority: 'Low' });
      expect(result.issues).to.deep.equal([]);
      expect(result.lockedOverrides).to.deep.equal(['Priority']);
    });

    it('R-COERCE-6: coerces defaults like model values', () => {
      expect(run({}, { defaults: { values: { Count: '3', IsEscalated: 'yes' } } }).values).to.deep.equal({ Count: 3, IsEscalated: true });
    });

    it('R-COERCE-6 / R-FLS-1: drops defaults the user may not write, reporting their source', () => {
      const result = run({ Subject: 'Hi' }, { defaults: { values: { InternalNotes__c: 'auto', Bogus: 1 }, locked: ['InternalNotes__c'] } });
      expect(result.values).to.deep.equal({ Subject: 'Hi' });
      expect(result.dropped).to.deep.equal([
        { field: 'Bogus', reason: 'unknown', source: 'defaults' },
        { field: 'InternalNotes__c', reason: 'not-editable', source: 'defaults' },
      ]);
    });

    it('R-COERCE-6: refuses defaults that name a field twice with QUERY_INVALID', () => {
      expect(thrown(() => run({}, { defaults: { values: { Origin: 'Web', origin: 'Phone' } } })).code).to.equal('QUERY_INVALID');
    });
  });
});

describe(assertSomethingToWrite.name, () => {
  it('R-COERCE-3: throws FIELD_ACCESS_DENIED listing the requested fields when nothing survives', () => {
    const args = { internalnotes__c: 'x', Secret__c: 'y', Nope: 1 };
    const result = run(args);
    const error = thrown(() => assertSomethingToWrite(result, Object.keys(args)));
    expect(error.code).to.equal('FIELD_ACCESS_DENIED');
    expect(error.details?.fields).to.deep.equal(['internalnotes__c', 'Secret__c', 'Nope']);
    expect(error.message).to.include('internalnotes__c, Secret__c, Nope');
  });

  it('R-COERCE-3: never puts field values in the error', () => {
    const args = { Secret__c: 'hunter2' };
    const error = thrown(() => assertSomethingToWrite(run(args), Object.keys(args)));
    expect(JSON.stringify(error.toJSON())).not.to.include('hunter2');
  });

  it('R-COERCE-3: does not throw when something survives', () => {
    const args = { Subject: 'Hi', Secret__c: 'y' };
    expect(() => assertSomethingToWrite(run(args), Object.keys(args))).not.to.throw();
  });

  it('R-COERCE-3: does not throw when nothing was requested', () => {
    expect(() => assertSomethingToWrite(run({}), [])).not.to.throw();
  });

  it('R-COERCE-3: counts a surviving default as something to write', () => {
    const args = { Secret__c: 'y' };
    expect(() => assertSomethingToWrite(run(args, { defaults: { values: { Origin: 'Web' } } }), Object.keys(args))).not.to.throw();
  });
});
