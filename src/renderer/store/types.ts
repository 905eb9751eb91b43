// The combined state's type, so each feature's slice can read the others' fields (e.g. the outcome slice needs
// the open account) without importing their code.
import type { StateCreator } from 'zustand';
import type { QuitaApi } from '../../shared/contract';
import type { AccountSlice } from '../features/account/account-slice';
import type { FollowUpSlice } from '../features/follow-up/follow-up-slice';
import type { ImportSlice } from '../features/import/import-slice';
import type { OfferSlice } from '../features/offer/offer-slice';
import type { OutcomeSlice } from '../features/outcome/outcome-slice';
import type { QueueSlice } from '../features/queue/queue-slice';
import type { ReportsSlice } from '../features/reports/reports-slice';
import type { ScriptSlice } from '../features/script/script-slice';
import type { AppSlice } from '../features/shell/app-slice';
import type { SoftphoneSlice } from '../features/softphone/softphone-slice';
import type { SupervisorSlice } from '../features/supervisor/supervisor-slice';

export type QuitaState = AppSlice & QueueSlice & AccountSlice & OutcomeSlice & SoftphoneSlice & OfferSlice & FollowUpSlice & ScriptSlice & ReportsSlice & ImportSlice & SupervisorSlice;

/** A feature's slice: built with the API it calls, so tests hand in a fake. */
export type QuitaSlice<T> = (api: QuitaApi) => StateCreator<QuitaState, [], [], T>;
