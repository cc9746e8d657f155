import type { CsvPreset } from './preset.js';

/**
 * Mailchimp audience exports (subscribed, unsubscribed, cleaned and non-subscribed files). Merge fields
 * the audience added appear under their own labels and go through fuzzy matching.
 */
export const MAILCHIMP: CsvPreset = {
  name: 'mailchimp',
  columns: {
    'Email Address': 'identity.email',
    'First Name': 'profile.firstName',
    'Last Name': 'profile.lastName',
    Address: 'profile.address.line1',
    'Phone Number': 'identity.phone',
    'SMS Phone Number': 'identity.phone',
    Birthday: 'custom.birthday',
    Company: 'profile.company',
    Status: 'consent.email',
    'Email Marketing Status': 'consent.email',
    MEMBER_RATING: 'custom.mailchimp_member_rating',
    OPTIN_TIME: 'consent.email.granted_at',
    OPTIN_IP: 'custom.mailchimp_optin_ip',
    CONFIRM_TIME: 'consent.email.granted_at',
    CONFIRM_IP: 'custom.mailchimp_confirm_ip',
    LATITUDE: 'custom.latitude',
    LONGITUDE: 'custom.longitude',
    GMTOFF: 'custom.mailchimp_gmtoff',
    DSTOFF: 'custom.mailchimp_dstoff',
    TIMEZONE: 'profile.timezone',
    CC: 'profile.address.country',
    REGION: 'profile.address.region',
    LAST_CHANGED: 'custom.mailchimp_last_changed',
    // EUID is Mailchimp's stable id of the address; LEID is only unique inside one audience.
    LEID: 'custom.mailchimp_leid',
    EUID: 'identity.mailchimp_euid',
    NOTES: 'notes',
    TAGS: 'tags',
    UNSUB_TIME: 'consent.email.revoked_at',
    UNSUB_CAMPAIGN_TITLE: 'custom.mailchimp_unsub_campaign_title',
    UNSUB_CAMPAIGN_ID: 'custom.mailchimp_unsub_campaign_id',
    UNSUB_REASON: 'custom.mailchimp_unsub_reason',
    UNSUB_REASON_OTHER: 'custom.mailchimp_unsub_reason_other',
    CLEAN_TIME: 'custom.mailchimp_clean_time',
    CLEAN_CAMPAIGN_TITLE: 'custom.mailchimp_clean_campaign_title',
    CLEAN_CAMPAIGN_ID: 'custom.mailchimp_clean_campaign_id',
  },
  requires: ['Email Address'],
  signature: [
    'MEMBER_RATING',
    'OPTIN_TIME',
    'CONFIRM_TIME',
    'LEID',
    'EUID',
    'GMTOFF',
    'DSTOFF',
    'CC',
    'LAST_CHANGED',
  ],
};
