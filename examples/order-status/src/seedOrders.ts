import type { DataBackend } from '@agent-studio/data';

/**
 * Loads the demo's records, owned by the support agent Sam: two customers and their orders.
 * This is the data owner's load, not an agent's action, so it writes through the backend directly.
 * @param backend - an opened backend
 */
export async function seedOrders(backend: DataBackend): Promise<void> {
  await backend.insert('Contact', [
    { Id: '003000000000001', OwnerId: 'u-sam', FirstName: 'Jane', Email: 'jane@example.com', PostalCode: '94105', Phone: '+1 415 555 0100', IsCustomer: true },
    { Id: '003000000000002', OwnerId: 'u-sam', FirstName: 'Omar', Email: 'omar@example.com', PostalCode: '10001', Phone: '+1 212 555 0199', IsCustomer: true },
  ]);
  await backend.insert('Order', [
    { Id: '801000000000001', OwnerId: 'u-sam', OrderNumber: 'ORD-1001', ContactId: '003000000000001', Status: 'delivered', TrackingNumber: '1Z999AA10123456784', TotalCents: 4250, Channel: 'Web', InternalNotes: 'VIP' },
    { Id: '801000000000002', OwnerId: 'u-sam', OrderNumber: 'ORD-1002', ContactId: '003000000000001', Status: 'shipped', TrackingNumber: '1Z999AA10123456785', TotalCents: 12900, Channel: 'Web', InternalNotes: 'gift wrap' },
    { Id: '801000000000003', OwnerId: 'u-sam', OrderNumber: 'ORD-1003', ContactId: '003000000000001', Status: 'processing', TrackingNumber: null, TotalCents: 990, Channel: 'Partner', InternalNotes: 'partner margin 12%' },
    { Id: '801000000000004', OwnerId: 'u-sam', OrderNumber: 'ORD-2001', ContactId: '003000000000002', Status: 'processing', TrackingNumber: null, TotalCents: 7300, Channel: 'Web', InternalNotes: '' },
  ]);
}
