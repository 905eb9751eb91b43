// The account open in the center: customer, balance, other accounts and history (account:get).
import type { AccountView } from '../../../shared/contract';
import type { QuitaSlice } from '../../store/types';

export interface AccountSlice {
  accountId: string | null;
  accountView: AccountView | null;
  accountLoading: boolean;
  openAccount(accountId: string): Promise<void>;
  refreshAccount(): Promise<void>;
}

export const createAccountSlice: QuitaSlice<AccountSlice> = (api) => (set, get) => {
  // Only the latest request may fill the view: the agent can arrow through accounts faster than they load.
  let latest = 0;

  async function load(accountId: string): Promise<void> {
    latest += 1;
    const mine = latest;
    const result = await api.invoke('account:get', { accountId });
    if (mine !== latest) return;
    if (result.ok) set({ accountView: result.value, accountLoading: false });
    else {
      set({ accountLoading: false });
      get().reportError(result.error);
    }
  }

  return {
    accountId: null,
    accountView: null,
    accountLoading: false,

    async openAccount(accountId) {
      if (accountId !== get().accountId) {
        set({ accountId, accountView: null, accountLoading: true });
        // A half-typed outcome belongs to the account it was typed for.
        get().resetOutcome();
      }
      await load(accountId);
    },

    async refreshAccount() {
      const { accountId } = get();
      if (accountId !== null) await load(accountId);
    },
  };
};
