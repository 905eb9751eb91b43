// The contract's channel and event names as plain strings, without zod, so the sandboxed preload can check
// names without bundling the schemas (a sandboxed preload may require nothing but `electron`).
// contract-names.test.ts keeps these lists equal to the keys of `channels` and `events` in contract.ts.
import type { ChannelName, EventName } from './contract';

export const channelNameList = [
  'app:info',
  'settings:update',
  'queue:list',
  'queue:not-now',
  'queue:next',
  'contact:check',
  'strategy:get',
  'strategy:set',
  'policy:get',
  'policy:set',
  'account:get',
  'outcome:log',
  'sync:status',
  'script:for-account',
  'script:import',
  'outcome:config',
  'offer:request-approval',
  'followup:record',
  'message:send',
  'softphone:settings-get',
  'softphone:settings-set',
  'softphone:credentials',
  'call:record',
  'customer:find-by-phone',
  'sync:login',
  'sync:logout',
  'sync:now',
  'agent:state',
  'team:board',
  'team:options',
  'team:kpis',
  'report:count',
  'report:export',
  'report:export-cancel',
  'import:stage',
  'import:mapping',
  'import:portfolio',
] as const satisfies readonly ChannelName[];

export const eventNameList = ['store:changed', 'sync:status', 'settings:changed', 'team:changed', 'report:export-progress'] as const satisfies readonly EventName[];

const channelSet: ReadonlySet<string> = new Set(channelNameList);
const eventSet: ReadonlySet<string> = new Set(eventNameList);

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && channelSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}

/**
 * The IPC channel main sends an event on. Prefixed so an event never shares a name with an invoke channel
 * (`sync:status` is both).
 */
export function eventIpcChannel(event: EventName): `event:${EventName}` {
  return `event:${event}`;
}
