import type { DataBackend } from '@agent-studio/data';

/** The demo cases' ids, by case number. */
export const CASE_IDS = {
  'CASE-1001': '500000000001001',
  'CASE-1002': '500000000001002',
  'CASE-1003': '500000000001003',
  'CASE-1004': '500000000001004',
} as const;

/**
 * Loads the demo cases: three of Sam's (one already closed) and one of Ada's. This is the data
 * owner's load, not an agent's action, so it writes through the backend directly.
 * @param backend - an opened backend
 */
export async function seedCases(backend: DataBackend): Promise<void> {
  await backend.insert('Case', [
    { Id: CASE_IDS['CASE-1001'], OwnerId: 'u-sam', CaseNumber: 'CASE-1001', Subject: 'Printer offline at the Berlin office', Status: 'working', Priority: 'medium' },
    { Id: CASE_IDS['CASE-1002'], OwnerId: 'u-sam', CaseNumber: 'CASE-1002', Subject: 'Invoice shows the wrong VAT rate', Status: 'new', Priority: 'low' },
    { Id: CASE_IDS['CASE-1003'], OwnerId: 'u-ada', CaseNumber: 'CASE-1003', Subject: 'Login loop after a password reset', Status: 'escalated', Priority: 'high' },
    { Id: CASE_IDS['CASE-1004'], OwnerId: 'u-sam', CaseNumber: 'CASE-1004', Subject: 'Change of shipping address', Status: 'closed', Priority: 'low', Resolution: 'Address updated.' },
  ]);
}
