/**
 * The key prefixes (the first three characters of a record id) of well-known standard objects
 * (R-ACT-OUT-2), used by {@link guard}`.recordId({ objects })`. They are the same in every org;
 * custom objects (`…__c`) get a prefix per org, so pass those through `keyPrefixes`.
 *
 * @example
 * ```ts
 * STANDARD_KEY_PREFIXES.Account; // '001'
 * ```
 * @category Validation
 */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  Account: '001',
  AccountContactRelation: '07k',
  Asset: '02i',
  Attachment: '00P',
  Campaign: '701',
  CampaignMember: '00v',
  Case: '500',
  CaseComment: '00a',
  Contact: '003',
  ContentDocument: '069',
  ContentVersion: '068',
  Contract: '800',
  Dashboard: '01Z',
  Document: '015',
  EmailMessage: '02s',
  Entitlement: '550',
  Event: '00U',
  Group: '00G',
  Individual: '0PK',
  Lead: '00Q',
  Note: '002',
  Opportunity: '006',
  OpportunityLineItem: '00k',
  Order: '801',
  OrderItem: '802',
  Organization: '00D',
  PermissionSet: '0PS',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  Product2: '01t',
  Profile: '00e',
  Quote: '0Q0',
  QuoteLineItem: '0QL',
  RecordType: '012',
  Report: '00O',
  Solution: '501',
  Task: '00T',
  User: '005',
  UserRole: '00E',
  WorkOrder: '0WO',
});
