import { expect } from 'chai';
import { hasFieldPermission, ModelIndex } from '../../src/index.js';

const model = ModelIndex.from({
  objects: { Case: { owd: 'Private', fields: { Subject: { type: 'string' }, Priority: { type: 'string' }, Secret: { type: 'string' } } } },
  profiles: [{ name: 'Agent', objects: { Case: { read: true, edit: true } }, fields: { 'Case.Subject': { read: true, edit: true }, 'Case.Priority': { read: true } } }],
  users: [{ id: 'u', profile: 'Agent' }, { id: 'off', profile: 'Agent', active: false }],
});

describe('hasFieldPermission (R-FLS-2)', () => {
  it('maps CREATABLE and UPDATABLE to edit, READABLE to read', () => {
    expect(hasFieldPermission(model, 'u', 'Case', 'Subject', 'CREATABLE')).to.equal(true);
    expect(hasFieldPermission(model, 'u', 'Case', 'Subject', 'UPDATABLE')).to.equal(true);
    expect(hasFieldPermission(model, 'u', 'Case', 'Priority', 'READABLE')).to.equal(true);
    expect(hasFieldPermission(model, 'u', 'Case', 'Priority', 'UPDATABLE')).to.equal(false);
    expect(hasFieldPermission(model, 'u', 'Case', 'Secret', 'READABLE')).to.equal(false);
  });

  it('answers false for any other access type, unknown fields and inactive users', () => {
    expect(hasFieldPermission(model, 'u', 'Case', 'Subject', 'UPSERTABLE')).to.equal(false);
    expect(hasFieldPermission(model, 'u', 'Case', 'Nope', 'READABLE')).to.equal(false);
    expect(hasFieldPermission(model, 'off', 'Case', 'Subject', 'READABLE')).to.equal(false);
  });

  it('keeps Id readable and never writable, and OwnerId never writable', () => {
    expect(hasFieldPermission(model, 'u', 'Case', 'Id', 'READABLE')).to.equal(true);
    expect(hasFieldPermission(model, 'u', 'Case', 'Id', 'UPDATABLE')).to.equal(false);
    expect(hasFieldPermission(model, 'u', 'Case', 'OwnerId', 'CREATABLE')).to.equal(false);
  });
});
