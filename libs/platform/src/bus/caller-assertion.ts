import type { KeyObject } from 'node:crypto';
import { Caller, systemCaller } from '@igs/contracts';
import { jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors/app-error.js';

/**
 * Who asks, proven: the caller header of every request is a short-lived JWT (EdDSA)
 * signed with the sending app's nkey, its key id naming the app. A service acts only on
 * a caller it can verify, and only the gateway, which verified the person's or the
 * department app's access token, may assert such a caller; any other app may assert only
 * itself as a system caller. So a service's own credentials cannot claim a department.
 *
 * Both sides cache: the gateway signs once per verified token (its caller object is kept
 * with the token), a service verifies once per distinct header; the hot path pays a map
 * look-up and a clock read.
 */
export const callerAssertionType = 'igs-caller+jwt';
/** The app that verifies people's and department apps' tokens and may speak for them. */
export const edgeApp = 'gateway';

const lifetimeSeconds = 600;
const refreshBeforeSeconds = 60;
const clockToleranceSeconds = 5;
const verifiedLimit = 10_000;

export class CallerSigner {
  private readonly signed = new WeakMap<Caller, { header: string; refreshAt: number }>();

  constructor(
    readonly app: string,
    /** The public nkey of the signing key: the assertion's key id, so a rotated key can stand beside the old one. */
    private readonly keyId: string,
    private readonly key: KeyObject,
  ) {}

  /** The header for a caller signed before and still fresh, without waiting. */
  cached(caller: Caller): string | undefined {
    const entry = this.signed.get(caller);
    return entry && entry.refreshAt > Date.now() ? entry.header : undefined;
  }

  async sign(caller: Caller): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const header = await new SignJWT({ caller })
      .setProtectedHeader({ alg: 'EdDSA', typ: callerAssertionType, kid: this.keyId })
      .setIssuer(this.app)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.key);
    this.signed.set(caller, { header, refreshAt: (now + lifetimeSeconds - refreshBeforeSeconds) * 1000 });
    return header;
  }
}

export class CallerVerifier {
  private readonly verified = new Map<string, { caller: Caller; expiresAt: number }>();

  /** The public keys that may sign callers, by public nkey, with the app each belongs to. */
  constructor(private readonly keys: ReadonlyMap<string, { app: string; key: KeyObject }>) {}

  /** The caller of a header verified before and not expired, without waiting. */
  cached(header: string): Caller | undefined {
    const entry = this.verified.get(header);
    if (entry && entry.expiresAt > Date.now()) return entry.caller;
    return undefined;
  }

  async verify(header: string): Promise<Caller> {
    let verified;
    try {
      verified = await jwtVerify(header, ({ kid }) => this.known(kid).key, {
        algorithms: ['EdDSA'],
        typ: callerAssertionType,
        requiredClaims: ['iss', 'exp', 'iat'],
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: lifetimeSeconds + clockToleranceSeconds,
      });
    } catch (cause) {
      throw new AppError('PLATFORM.CALLER_NOT_VERIFIED', 'the caller assertion is not signed by a known app, or has expired', undefined, { cause });
    }
    const { payload, protectedHeader } = verified;
    const signer = this.known(protectedHeader.kid).app;
    if (payload.iss !== signer)
      throw new AppError('PLATFORM.CALLER_NOT_VERIFIED', `the caller assertion of "${payload.iss}" is signed with the key of "${signer}"`);
    const parsed = Caller.safeParse(payload.caller);
    if (!parsed.success) throw new AppError('PLATFORM.CALLER_NOT_VERIFIED', 'the caller assertion does not hold a valid caller');
    const caller = Object.freeze(parsed.data);
    assertMaySpeakFor(signer, caller);
    if (this.verified.size >= verifiedLimit) this.verified.clear();
    this.verified.set(header, { caller, expiresAt: ((payload.exp ?? 0) + clockToleranceSeconds) * 1000 });
    return caller;
  }

  private known(kid: string | undefined): { app: string; key: KeyObject } {
    const known = kid === undefined ? undefined : this.keys.get(kid);
    if (!known) throw new AppError('PLATFORM.CALLER_NOT_VERIFIED', `the key "${kid}" is not one of the apps' keys`);
    return known;
  }
}

/** The gateway speaks for people and department apps; every other app only for itself. */
function assertMaySpeakFor(app: string, caller: Caller): void {
  if (app === edgeApp ? caller.type !== 'system' : caller.type === 'system' && caller.subject === systemCaller(app).subject) return;
  throw new AppError('PLATFORM.CALLER_NOT_VERIFIED', `app "${app}" may not send requests as ${caller.type} "${caller.subject}"`);
}
