import { describe, expect, it } from 'vitest';
import { channels, events } from './contract';
import { channelNameList, eventIpcChannel, eventNameList, isChannelName, isEventName } from './contract-names';

describe('contract names', () => {
  it('lists exactly the channels of the contract', () => {
    expect([...channelNameList].sort()).toEqual(Object.keys(channels).sort());
    expect(new Set(channelNameList).size).toBe(channelNameList.length);
  });

  it('lists exactly the events of the contract', () => {
    expect([...eventNameList].sort()).toEqual(Object.keys(events).sort());
    expect(new Set(eventNameList).size).toBe(eventNameList.length);
  });

  it('recognises only own names, not inherited properties or other types', () => {
    expect(isChannelName('queue:list')).toBe(true);
    expect(isChannelName('toString')).toBe(false);
    expect(isChannelName('__proto__')).toBe(false);
    expect(isChannelName(42)).toBe(false);
    expect(isEventName('store:changed')).toBe(true);
    expect(isEventName('queue:list')).toBe(false);
  });

  it('sends events on a channel that never collides with an invoke channel', () => {
    for (const event of eventNameList) expect(isChannelName(eventIpcChannel(event))).toBe(false);
  });
});
