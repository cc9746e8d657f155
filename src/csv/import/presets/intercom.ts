import type { CsvPreset } from './preset.js';

/** Intercom people exports (API field names). `user_id` is the host's own id of the user. */
export const INTERCOM: CsvPreset = {
  name: 'intercom',
  columns: {
    id: 'identity.intercom_id',
    name: 'profile.name',
    email: 'identity.email',
    phone_number: 'identity.phone',
    phone: 'identity.phone',
    user_id: 'identity.userId',
    external_id: 'identity.userId',
    role: 'custom.intercom_role',
    signed_up_at: 'custom.intercom_signed_up_at',
    last_seen_at: 'custom.intercom_last_seen_at',
    created_at: 'custom.intercom_created_at',
    updated_at: 'ignore',
    unsubscribed_from_emails: 'consent.email.negated',
    owner_id: 'custom.intercom_owner_id',
    company_name: 'profile.company',
    tags: 'tags',
    location_city: 'profile.address.city',
    location_region: 'profile.address.region',
    location_country: 'profile.address.country',
  },
  requires: ['id', 'email'],
  signature: [
    'user_id',
    'external_id',
    'role',
    'signed_up_at',
    'last_seen_at',
    'unsubscribed_from_emails',
    'owner_id',
  ],
  customPrefixes: ['custom_attributes.'],
};
