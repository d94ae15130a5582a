// The default organization: a Sandboxes OU with team OUs (one nested two levels deep) and a
// Production OU. 24 sandbox accounts named after their developers, 2 production accounts.
import type { AccountSpec, OrgSpec } from './types.ts';

function dev(first: string, last: string, extra: Partial<AccountSpec> = {}): AccountSpec {
  const handle = `${first}.${last}`.toLowerCase();
  return { name: `sandbox-${handle.replace('.', '-')}`, email: `${handle}@example.com`, ...extra };
}

export const DEFAULT_ORG_SPEC: OrgSpec = {
  sandboxOuPath: 'Root/Sandboxes',
  ous: [
    {
      name: 'Sandboxes',
      accounts: [dev('Demo', 'Shared', { excluded: true })],
      children: [
        {
          name: 'Payments',
          accounts: [
            dev('Ana', 'Silva'),
            dev('Bruno', 'Costa', { spendProfile: 'growing' }),
            dev('Chen', 'Wei'),
            dev('Priya', 'Patel'),
            dev('Liam', 'OBrien', { spendProfile: 'idle' }),
            dev('Fatima', 'Zahra'),
          ],
        },
        {
          name: 'Platform',
          accounts: [
            dev('Kenji', 'Tanaka', { spendProfile: 'heavy' }),
            dev('Sofia', 'Rossi'),
            dev('Mateo', 'Garcia', { spendProfile: 'declining' }),
            dev('Olivia', 'Smith'),
            dev('Noah', 'Johnson', { suspended: true }),
          ],
          children: [
            {
              name: 'Edge',
              accounts: [dev('Aisha', 'Bello'), dev('Lukas', 'Muller'), dev('Emma', 'Dubois'), dev('Ravi', 'Kumar')],
            },
          ],
        },
        {
          name: 'Data',
          accounts: [
            dev('Hannah', 'Kowalski'),
            dev('Diego', 'Fernandez'),
            dev('Yuki', 'Sato', { spendProfile: 'idle' }),
            dev('Grace', 'Okafor'),
            dev('Omar', 'Haddad'),
            dev('Ingrid', 'Larsen'),
            dev('Tomas', 'Novak'),
            dev('Mei', 'Lin'),
          ],
        },
      ],
    },
    {
      name: 'Production',
      accounts: [
        { name: 'prod-payments', email: 'aws-prod-payments@example.com', spendProfile: 'production' },
        { name: 'prod-platform', email: 'aws-prod-platform@example.com', spendProfile: 'production' },
      ],
    },
  ],
};
