import type { DataBackend } from '@agent-studio/data';

/** The demo accounts' ids, by name. */
export const ACCOUNT_IDS = {
  'Acme Inc': '001000000000001',
  'Fjord AS': '001000000000002',
  'Kiwi Ltd': '001000000000003',
  'Lumen SA': '001000000000004',
  'Nordwind GmbH': '001000000000005',
} as const;

/** Each user's region: the user directory the region policy reads. Ivy has none yet. */
export const USER_REGIONS: Readonly<Record<string, string>> = Object.freeze({ 'u-eve': 'EMEA', 'u-ray': 'EMEA', 'u-amy': 'AMER', 'u-olga': 'APAC' });

/**
 * Loads the demo accounts. This is the data owner's load, not an agent's action, so it writes
 * through the backend directly.
 * @param backend - an opened backend
 */
export async function seedAccounts(backend: DataBackend): Promise<void> {
  const id = ACCOUNT_IDS;
  await backend.insert('Account', [
    { Id: id['Acme Inc'], OwnerId: 'u-amy', Name: 'Acme Inc', Region: 'AMER', Tier: 'standard', LegalHold: false, CreditLimit: 50_000 },
    // strategic: not shared with sales, so Eve never sees it although it is in her region
    { Id: id['Fjord AS'], OwnerId: 'u-olga', Name: 'Fjord AS', Region: 'EMEA', Tier: 'strategic', LegalHold: false, CreditLimit: 250_000 },
    { Id: id['Kiwi Ltd'], OwnerId: 'u-olga', Name: 'Kiwi Ltd', Region: 'APAC', Tier: 'standard', LegalHold: false, CreditLimit: 20_000 },
    { Id: id['Lumen SA'], OwnerId: 'u-eve', Name: 'Lumen SA', Region: 'EMEA', Tier: 'standard', LegalHold: true, Notes: 'Dispute with the customer; legal hold since March.', CreditLimit: 80_000 },
    { Id: id['Nordwind GmbH'], OwnerId: 'u-eve', Name: 'Nordwind GmbH', Region: 'EMEA', Tier: 'standard', LegalHold: false, CreditLimit: 40_000 },
  ]);
}
