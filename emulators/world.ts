// The pretend workspace and Scalekit environment shared by the demo and the tests: who works
// there, which channels exist, and which customer organizations Scalekit knows.

export const TEAM = { id: 'T0TEAM', name: 'Demo Workspace' };
export const BOT_USER_ID = 'U0BOT';

export const USERS = {
  admin: { id: 'U0ADMIN', name: 'ada', realName: 'Ada Admin' },
  csm: { id: 'U0CSM', name: 'carl', realName: 'Carl CSM' },
  groupCsm: { id: 'U0GROUP', name: 'gina', realName: 'Gina Groupmember' },
  stranger: { id: 'U0STRANGER', name: 'sam', realName: 'Sam Stranger' },
} as const;

/** A user group of CSMs: its members may issue links without being listed one by one. */
export const CSM_GROUP = { id: 'S0CSMS', members: [USERS.groupCsm.id] };

export const CHANNELS = [
  { id: 'C0GENERAL', name: 'general' },
  { id: 'C0ACME', name: 'customer-acme' },
  { id: 'C0GLOBEX', name: 'customer-globex' },
];

export const ORGS = {
  acme: { id: 'org_acme1', displayName: 'Acme Corp', externalId: 'CUST-42' },
  globex: { id: 'org_globex1', displayName: 'Globex <Intl> & Co', externalId: 'CUST-77' },
  initech: { id: 'org_initech1', displayName: 'Initech', externalId: 'CUST-99' },
} as const;

/** Who may do what, as the bot's SSO_PORTAL_ISSUERS and SSO_PORTAL_ADMINS. */
export const ISSUERS = `${USERS.csm.id},${CSM_GROUP.id}`;
export const ADMINS = USERS.admin.id;
