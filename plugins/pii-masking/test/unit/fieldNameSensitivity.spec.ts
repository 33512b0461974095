import { expect } from 'chai';
import { isSensitiveFieldName, splitFieldName } from '../../src/index.js';

describe('fieldNameSensitivity (R-PII-16, R-PII-17)', () => {
  it('splits API names on _, case changes and the __c suffix', () => {
    expect(splitFieldName('Contact_SSN__c')).to.deep.equal(['contact', 'ssn']);
    expect(splitFieldName('DateOfBirth')).to.deep.equal(['date', 'of', 'birth']);
    expect(splitFieldName('SSNNumber__c')).to.deep.equal(['ssn', 'number']);
  });

  for (const name of ['Contact_SSN__c', 'SSN__c', 'SSN', 'DateOfBirth', 'bank_account_number', 'Credit_Card_Number__c', 'PassportNo', 'DOB__c', 'Tax_ID__c', 'Birthdate']) {
    it(`${name} is sensitive`, () => expect(isSensitiveFieldName(name)).to.equal(true));
  }

  for (const name of ['Lessons__c', 'Description', 'Name', 'Account_Name__c', 'Passenger__c', 'Dobson__c', 'Reinstated__c']) {
    it(`${name} is not sensitive`, () => expect(isSensitiveFieldName(name)).to.equal(false));
  }

  it('gives the same answers when asked again, also after more names than it remembers', () => {
    for (let i = 0; i < 5_000; i++) expect(isSensitiveFieldName(`Field_${i}__c`)).to.equal(false);
    for (const name of ['Contact_SSN__c', 'DateOfBirth', 'Lessons__c', 'Dobson__c']) {
      const first = isSensitiveFieldName(name);
      expect(isSensitiveFieldName(name)).to.equal(first);
    }
    expect(isSensitiveFieldName('Contact_SSN__c')).to.equal(true);
    expect(isSensitiveFieldName('Dobson__c')).to.equal(false);
  });
});
