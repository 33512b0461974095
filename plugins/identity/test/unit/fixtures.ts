import { ModelIndex } from '@agent-studio/data';

/** A small security model: an employee, a privileged admin, a service user and an inactive user. */
export const model = ModelIndex.from({
  objects: {
    Contact: { owd: 'Private', fields: { Email: { type: 'email', pii: true } } },
  },
  profiles: [
    { name: 'Employee', objects: { Contact: { read: true } }, fields: { 'Contact.Email': { read: true } } },
    { name: 'Service', objects: { Contact: { read: true } } },
    { name: 'Admin', objects: { Contact: { read: true, viewAll: true } } },
  ],
  roles: [{ name: 'Staff' }],
  users: [
    { id: 'u-emp', profile: 'Employee', role: 'Staff' },
    { id: 'u-gone', profile: 'Employee', active: false },
    { id: 'svc-orders', profile: 'Service' },
    { id: 'svc-admin', profile: 'Admin' },
  ],
});
