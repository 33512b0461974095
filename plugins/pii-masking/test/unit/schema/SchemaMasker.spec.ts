import { ModelIndex } from '@agent-studio/data';
import { expect } from 'chai';
import { FieldClassificationIndex, fieldClassificationsFromModel, type PiiClassification, type PiiFieldClassification, SchemaMasker } from '../../../src/index.js';

const FIELDS: PiiFieldClassification[] = [
  { object: 'Contact', field: 'SSN__c', classification: 'Restricted' },
  { object: 'Contact', field: 'Status', classification: 'Confidential' },
  { object: 'Lead', field: 'Status', classification: 'Public' },
  { object: 'Contact', field: 'Birthdate', classification: 'Public' },
  { object: 'Contact', field: 'HomePhone', classification: 'Internal', pii: true },
  { object: 'Account__c', field: 'Revenue__c', classification: 'Restricted' },
  { field: 'Secret', classification: 'MissionCritical' },
];

function masker(sensitive: PiiClassification[] = ['Confidential', 'Restricted', 'MissionCritical'], nameFallback = true): SchemaMasker {
  return new SchemaMasker(new FieldClassificationIndex(FIELDS), { sensitiveClassifications: new Set(sensitive), nameFallback });
}

/** A tokenizer that records what it saw: `<PREFIX|value|classification>`. */
function tokens(): { readonly fn: (v: string, p: string, c: PiiClassification) => string; readonly seen: string[] } {
  const seen: string[] = [];
  const fn = (v: string, p: string, c: PiiClassification): string => {
    seen.push(`${p}|${v}|${c}`);
    return `[${p}:${String(seen.length).padStart(3, '0')}]`;
  };
  return { seen, fn };
}

describe(SchemaMasker.name, () => {
  it('R-PII-18: prefixes are FIELD_ and the API name upper-cased, other characters as _', () => {
    expect(SchemaMasker.prefixFor('SSN__c')).to.equal('FIELD_SSN__C');
    expect(SchemaMasker.prefixFor('Contact_SSN__c')).to.equal('FIELD_CONTACT_SSN__C');
    expect(SchemaMasker.prefixFor('date of-birth')).to.equal('FIELD_DATE_OF_BIRTH');
  });

  it('R-PII-16: uses attributes.type to pick the object; the same field name is treated per object', () => {
    const t = tokens();
    const out = masker().mask(
      [
        { attributes: { type: 'Contact' }, Status: 'Active', SSN__c: '536221234' },
        { attributes: { type: 'Lead' }, Status: 'Open' },
      ],
      t.fn,
    );
    expect(out).to.deep.equal([
      { attributes: { type: 'Contact' }, Status: '[FIELD_STATUS:001]', SSN__c: '[FIELD_SSN__C:002]' },
      { attributes: { type: 'Lead' }, Status: 'Open' },
    ]);
    expect(t.seen).to.deep.equal(['FIELD_STATUS|Active|Confidential', 'FIELD_SSN__C|536221234|Restricted']);
  });

  it('R-PII-16: without a type, a field is sensitive if it is sensitive on any object (fail-safe)', () => {
    const out = masker().mask({ rows: [{ Status: 'Open' }] }, tokens().fn);
    expect(out).to.deep.equal({ rows: [{ Status: '[FIELD_STATUS:001]' }] });
  });

  it('R-PII-16: a key naming an object (case-insensitive, or a __r relationship) gives the type of what is under it', () => {
    const out = masker().mask({ lead: { Status: 'Open' }, Account__r: { Revenue__c: 1200000 }, Contact: [{ Status: 'Active' }] }, tokens().fn);
    expect(out).to.deep.equal({ lead: { Status: 'Open' }, Account__r: { Revenue__c: '[FIELD_REVENUE__C:001]' }, Contact: [{ Status: '[FIELD_STATUS:002]' }] });
  });

  it('R-PII-16/17: unclassified fields fall back to the segment-based name heuristic; Public opts out; nameFallback false turns it off', () => {
    const record = { attributes: { type: 'Contact' }, Contact_SSN__c: '1', Birthdate: '1990-01-01', DateOfBirth__c: '1990-01-02', Lessons__c: 'x' };
    expect(masker().mask(record, tokens().fn)).to.deep.equal({
      attributes: { type: 'Contact' },
      Contact_SSN__c: '[FIELD_CONTACT_SSN__C:001]',
      Birthdate: '1990-01-01',
      DateOfBirth__c: '[FIELD_DATEOFBIRTH__C:002]',
      Lessons__c: 'x',
    });
    expect(masker(undefined, false).mask(record, tokens().fn)).to.equal(record);
  });

  it('R-PII-16: a pii-flagged field is masked unless Public, counted as at least Confidential', () => {
    const t = tokens();
    masker(['Restricted']).mask({ attributes: { type: 'Contact' }, HomePhone: '555 0100' }, t.fn);
    expect(t.seen).to.deep.equal(['FIELD_HOMEPHONE|555 0100|Confidential']);
  });

  it('R-PII-16: an object-less entry applies to every object', () => {
    expect(masker().mask({ attributes: { type: 'Case' }, Secret: 'x1' }, tokens().fn)).to.deep.equal({ attributes: { type: 'Case' }, Secret: '[FIELD_SECRET:001]' });
  });

  it('masks numbers and booleans as strings, every primitive inside a sensitive object or array, and keeps null and empty strings', () => {
    const t = tokens();
    const out = masker().mask({ attributes: { type: 'Contact' }, SSN__c: { parts: ['123', 45], valid: true }, Status: null, Secret: '' }, t.fn);
    expect(out).to.deep.equal({ attributes: { type: 'Contact' }, SSN__c: { parts: ['[FIELD_SSN__C:001]', '[FIELD_SSN__C:002]'], valid: '[FIELD_SSN__C:003]' }, Status: null, Secret: '' });
  });

  it('returns the same reference when nothing is sensitive', () => {
    const value = { records: [{ attributes: { type: 'Lead' }, Status: 'Open', Name: 'x' }] };
    expect(masker().mask(value, tokens().fn)).to.equal(value);
  });

  it('maskNamed masks a value whose name is a sensitive field, and walks an object under an object name', () => {
    const t = tokens();
    expect(masker().maskNamed('SSN__c', '536221234', t.fn)).to.equal('[FIELD_SSN__C:001]');
    expect(masker().maskNamed('Contact', { Status: 'Active' }, t.fn)).to.deep.equal({ Status: '[FIELD_STATUS:002]' });
    expect(masker().maskNamed('Lead', { Status: 'Open' }, t.fn)).to.deep.equal({ Status: 'Open' });
  });
});

describe(fieldClassificationsFromModel.name, () => {
  const index = ModelIndex.from({
    objects: {
      Contact: {
        owd: 'Private',
        fields: {
          Email: { type: 'email', classification: 'Confidential', pii: true },
          Name: { type: 'string' },
        },
      },
    },
    profiles: [{ name: 'Standard' }],
  });

  it('R-PII-16: lists the declared fields of a ModelIndex with classification and pii flag, not the implicit Id/OwnerId', () => {
    expect(fieldClassificationsFromModel(index)).to.deep.equal([
      { object: 'Contact', field: 'Email', classification: 'Confidential', pii: true },
      { object: 'Contact', field: 'Name', classification: 'Internal', pii: false },
    ]);
  });

  it('accepts a SecurityModel too, and drops classifications it does not know', () => {
    expect(fieldClassificationsFromModel({ objects: { X: { fields: { A: { classification: 'TopSecret' } } } } })).to.deep.equal([{ object: 'X', field: 'A' }]);
    expect(fieldClassificationsFromModel(index.model)).to.have.length(2);
  });
});
