// Devices taken out of service (a lost or stolen laptop, a desk handed back): a device is the outbox a client's
// store keeps (its deviceId, sent with every push). A revoked device's pushes are refused whole — a clear 403
// `device_revoked`, nothing stored or applied — and each refusal is audited with the revocation's reason, so
// the events stay in that device's outbox rather than being taken in from a machine nobody vouches for.
import type { Kysely } from 'kysely';
import { audit } from '../audit';
import type { ServerDatabase } from '../db/database';
import { HttpError } from '../http-error';

type Db = Kysely<ServerDatabase>;

export interface DeviceRevocation {
  deviceId: string;
  revokedAt: number;
  revokedBy: string | null;
  reason: string;
}

/** Revokes a device (again: keeps the first revocation). Audited. */
export async function revokeDevice(
  db: Db,
  deviceId: string,
  reason: string,
  actor: { userId: string | null; now: number; address?: string | null },
): Promise<DeviceRevocation> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('device_revocations')
      .values({ device_id: deviceId, revoked_at: actor.now, revoked_by: actor.userId, reason })
      .onConflict((oc) => oc.column('device_id').doNothing())
      .execute();
    await audit(trx, { at: actor.now, actorUserId: actor.userId, action: 'device.revoked', subject: deviceId, detail: { reason }, address: actor.address ?? null });
    return (await deviceRevocation(trx, deviceId))!;
  });
}

export async function deviceRevocation(db: Db, deviceId: string): Promise<DeviceRevocation | null> {
  const row = await db.selectFrom('device_revocations').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
  return row ? { deviceId: row.device_id, revokedAt: Number(row.revoked_at), revokedBy: row.revoked_by, reason: row.reason } : null;
}

/** Throws 403 `device_revoked` (after auditing the refusal) when the pushing device is revoked. */
export async function refuseRevokedDevice(
  db: Db,
  deviceId: string,
  refused: { userId: string; events: number; now: number; address: string | null },
): Promise<void> {
  const revocation = await deviceRevocation(db, deviceId);
  if (!revocation) return;
  await audit(db, {
    at: refused.now,
    actorUserId: refused.userId,
    action: 'sync.push.refused',
    subject: deviceId,
    detail: { reason: 'device_revoked', events: refused.events, revokedAt: revocation.revokedAt, revocationReason: revocation.reason },
    address: refused.address,
  });
  throw new HttpError(403, 'device_revoked', `This device was revoked (${revocation.reason}); its events were not accepted. Ask an administrator.`);
}
