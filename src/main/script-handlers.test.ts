// Scripts through the handler map over a real encrypted SQLite file: the suggestion for an account and why, script
// imports refused with their path, and outcome:log refusing a promise whose script path did not pass the mandatory
// steps, replayed on the stored document.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { verifiedTrace } from '../../test/support/script-walk';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../shared/contract';
import { defaultScriptDocuments } from '../shared/domain/script';
import { dispatch } from './dispatch';
import { openAppServices } from './services/app-services';
import { EventHub } from './services/events';
import { fileStandInCipher } from './services/key-vault';
import { scriptDocumentCount, scriptPathsOfAccount } from './services/store/script-store';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);

function setup(dataDir = tempDir()) {
  const hub = new EventHub();
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 5, accounts: 60 },
    version: 'test',
    emit: hub.emit,
    clock: () => NOW,
  });
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw Object.assign(new Error(result.error.message), { result });
    return result.value;
  }
  const raw = (channel: ChannelName, input: unknown) => dispatch(services.handlers, channel, input);
  return { services, call, raw, dataDir };
}

async function firstAccount(call: ReturnType<typeof setup>['call']) {
  return (await call('queue:list', { limit: 1 })).items[0]!.accountId;
}

describe('script:for-account', () => {
  it('seeds the shipped scripts once and says which rule chose the script, its version and variant', async () => {
    const { services, call, dataDir } = setup();
    expect(scriptDocumentCount(services.store.db)).toBe(defaultScriptDocuments.length);
    const { items } = await call('queue:list', { limit: 200 });
    const old = items.find((i) => i.daysPastDue > 91)!;
    const chosen = await call('script:for-account', { accountId: old.accountId });
    expect(chosen.problem).toBeNull();
    expect(chosen.selection).toMatchObject({ variant: 'A', version: 1 });
    // A recent broken promise or a first-time payer rule may come first; otherwise the bucket rule decides.
    expect(['br.broken-promise', 'br.good-payer', 'br.90-plus']).toContain(chosen.selection!.ruleId);
    expect(chosen.script?.id).toBe(chosen.selection!.scriptId);
    expect(chosen.requirements.rightPartyVerification).toBe(true);
    expect(chosen.people.companyName).not.toBe('');
    services.close();
    // Reopening does not duplicate the shipped documents.
    const again = setup(dataDir);
    expect(scriptDocumentCount(again.services.store.db)).toBe(defaultScriptDocuments.length);
    again.services.close();
  });
});

describe('script:import', () => {
  const base = () => structuredClone(defaultScriptDocuments[0]) as { id: string; version: number; steps: Array<{ text: Record<string, string>; answers: Array<{ next: string | null }> }> };

  it('refuses an unknown placeholder and a branch to a missing step with their paths, and stores a valid new version', async () => {
    const { raw, call, services } = setup();
    const bad = base();
    bad.steps[0]!.text['pt-BR'] = 'Olá {{customer.nickname}}';
    bad.steps[0]!.answers[0]!.next = 'nowhere';
    const refused = await raw('script:import', { document: bad });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const issues = (refused as { error: { issues: Array<{ path: string; message: string }> } }).error.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'steps[0].text.pt-BR', message: 'unknown_placeholder' },
        { path: 'steps[0].answers[0].next', message: 'branch_to_missing_step' },
      ]),
    );
    expect(scriptDocumentCount(services.store.db)).toBe(defaultScriptDocuments.length);

    const same = await call('script:import', { document: base() });
    expect(same.duplicate).toBe(true);
    const changed = base();
    changed.steps[0]!.text['pt-BR'] = 'Bom dia! Aqui é {{agent.firstName}}, de {{company.name}}. Posso falar com {{customer.name}}?';
    expect(await raw('script:import', { document: changed })).toMatchObject({ ok: false, error: { issues: [{ path: 'version', message: 'version_exists' }] } });
    changed.version = 2;
    expect(await call('script:import', { document: changed })).toEqual({ id: changed.id, variant: 'A', version: 2, duplicate: false });
  });
});

describe('outcome:log and the script', () => {
  it('refuses a promise without a script, and one whose path stops before right-party verification, writing nothing', async () => {
    const { raw, call, services } = setup();
    const accountId = await firstAccount(call);
    const promise = { dueDate: '2026-11-30', amountCents: 1_000 };
    const events = services.store.pendingEventCount();

    expect(await raw('outcome:log', { accountId, disposition: 'promise_to_pay', promise })).toMatchObject({
      ok: false,
      error: { code: 'script_steps_required', issues: [{ path: 'script', message: 'script_required' }] },
    });

    const full = verifiedTrace(await call('script:for-account', { accountId }), NOW - 60_000);
    const early = { ...full, path: full.path.slice(0, 1) };
    const refused = await raw('outcome:log', { accountId, disposition: 'promise_to_pay', promise, script: early });
    expect(refused).toMatchObject({ ok: false, error: { code: 'script_steps_required' } });
    const messages = (refused as { error: { issues: Array<{ message: string }> } }).error.issues.map((i) => i.message);
    expect(messages).toContain('rpc_not_verified');
    expect(services.store.pendingEventCount()).toBe(events);

    // A non-promise outcome with the same early path is fine: only promises need the steps.
    const busy = await call('outcome:log', { accountId, disposition: 'refused', script: early });
    expect(busy.duplicate).toBe(false);
  });

  it('refuses a path that does not replay on the stored document (a skipped step, an answer the step lacks)', async () => {
    const { raw, call } = setup();
    const accountId = await firstAccount(call);
    const full = verifiedTrace(await call('script:for-account', { accountId }), NOW - 60_000);
    const promise = { dueDate: '2026-11-30', amountCents: 1_000 };
    const skipped = { ...full, path: full.path.slice(1) };
    expect(await raw('outcome:log', { accountId, disposition: 'promise_to_pay', promise, script: skipped })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'script.path.0', message: 'script_path_invalid' }] },
    });
    const forged = { ...full, path: full.path.map((e, i) => (i === 1 ? { ...e, answerId: 'confirmed-by-hand' } : e)) };
    expect(await raw('outcome:log', { accountId, disposition: 'promise_to_pay', promise, script: forged })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'script.path.1', message: 'script_path_invalid' }] },
    });
    expect(await raw('outcome:log', { accountId, disposition: 'promise_to_pay', promise, script: { ...full, version: 99 } })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'script', message: 'script_unknown' }] },
    });
  });

  it('stores an installment plan with the attempt\'s script, variant and path; the history shows both', async () => {
    const { call, services } = setup();
    const accountId = await firstAccount(call);
    const script = verifiedTrace(await call('script:for-account', { accountId }), NOW - 60_000);
    const installments = [
      { dueDate: '2026-11-30', amountCents: 3_000 },
      { dueDate: '2026-12-30', amountCents: 3_000 },
      { dueDate: '2027-01-29', amountCents: 3_001 },
    ];
    const saved = await call('outcome:log', {
      accountId,
      disposition: 'installment_plan',
      promise: { dueDate: '2026-11-30', amountCents: 9_001, installments },
      script,
    });
    const view = await call('account:get', { accountId });
    expect(view.history.find((h) => h.id === saved.promiseId)).toMatchObject({ kind: 'promise', amountCents: 9_001, installments });
    expect(view.history.find((h) => h.id === saved.attemptId)).toMatchObject({
      kind: 'contact',
      script: { scriptId: script.scriptId, version: script.version, variant: script.variant, steps: script.path.map(({ stepId, answerId }) => ({ stepId, answerId })) },
    });
    expect(scriptPathsOfAccount(services.store.db, accountId).get(saved.attemptId)).toMatchObject({ rpcVerified: true });
    const logged = services.store.peekEvents(10).find((e) => e.type === 'contact.logged')!.payload;
    expect(logged).toMatchObject({ scriptId: script.scriptId, scriptVariant: 'A', scriptPath: { rpcVerified: true, path: script.path } });
    const made = services.store.peekEvents(10).find((e) => e.type === 'promise.made')!.payload;
    expect(made).toMatchObject({ installments });
  });

  it('refuses a plan whose installments do not add up, or a plan of one installment', async () => {
    const { raw, call } = setup();
    const accountId = await firstAccount(call);
    const script = verifiedTrace(await call('script:for-account', { accountId }), NOW - 60_000);
    const installments = [
      { dueDate: '2026-11-30', amountCents: 3_000 },
      { dueDate: '2026-12-30', amountCents: 3_000 },
    ];
    expect(
      await raw('outcome:log', { accountId, disposition: 'installment_plan', promise: { dueDate: '2026-11-30', amountCents: 6_001, installments }, script }),
    ).toMatchObject({ ok: false, error: { issues: [{ path: 'promise.installments', message: 'plan_mismatch' }] } });
    expect(
      await raw('outcome:log', { accountId, disposition: 'installment_plan', promise: { dueDate: '2026-11-30', amountCents: 3_000, installments: installments.slice(0, 1) }, script }),
    ).toMatchObject({ ok: false, error: { issues: [{ path: 'promise.installments', message: 'plan_required' }] } });
  });
});
