// Model of a simulated AWS organization and its spend.

/** How an account spends in simulateSpend (see ./spend.ts). */
export type SpendProfile = 'normal' | 'heavy' | 'growing' | 'declining' | 'idle' | 'production';

export interface AccountSpec {
  name: string;
  email: string;
  /** Closed with CloseAccount after creation (moto: Status/State SUSPENDED at once). */
  suspended?: boolean;
  /** The test is expected to list this account in Warden's excludeAccounts. */
  excluded?: boolean;
  spendProfile?: SpendProfile;
}

export interface OuSpec {
  name: string;
  accounts?: AccountSpec[];
  children?: OuSpec[];
}

export interface OrgSpec {
  /** OUs directly under the root. */
  ous: OuSpec[];
  /** Path of the OU whose subtree holds the sandbox accounts, e.g. 'Root/Sandboxes'. */
  sandboxOuPath: string;
}

export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

export interface SimOu {
  id: string;
  name: string;
  /** e.g. 'Root/Sandboxes/Platform/Edge' */
  path: string;
  parentId: string;
}

export interface SimAccount {
  id: string;
  name: string;
  email: string;
  /** Parent id (the root id for the management account). */
  ouId: string;
  ouPath: string;
  status: AccountStatus;
  kind: 'sandbox' | 'production' | 'management';
  excluded: boolean;
  spendProfile: SpendProfile;
}

export interface SimOrg {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
  ous: SimOu[];
  sandboxOuId: string;
  accounts: SimAccount[];
}

export interface SpendRecord {
  accountId: string;
  /** 'YYYY-MM-DD' */
  date: string;
  service: string;
  /** Decimal string, up to 10 fraction digits; negative for Credit/Refund. */
  amount: string;
  recordType: 'Usage' | 'Credit' | 'Refund';
}
