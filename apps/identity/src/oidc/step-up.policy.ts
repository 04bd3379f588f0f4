import { lowestAcrOf } from '@igs/contracts';
import type { interactionPolicy } from 'oidc-provider';
import type { AccountsService } from '../accounts/accounts.service.js';

/** The reason oidc-provider gives for a login prompt that only needs a further factor. */
export const stepUpReason = 'acr_values';

/**
 * The step-up of RFC 9470: a client that sends `acr_values` (a route answered it
 * `insufficient_user_authentication`) gets the login prompt again when the session's sign-in
 * proves less than the lowest level asked for and the account can prove more with a factor it
 * has not used yet; the interaction then asks for that factor only. When the account cannot
 * reach the level (its identity is proofed lower, or it has no second factor) the sign-in is
 * kept as it is, and the client gets its real acr: asking again would not help.
 */
export function stepUpCheck(Check: typeof interactionPolicy.Check, accounts: AccountsService): interactionPolicy.Check {
  return new Check(stepUpReason, 'a stronger sign-in is requested', async (ctx) => {
    const wanted = lowestAcrOf(ctx.oidc.params?.acr_values);
    const session = ctx.oidc.session;
    const accountId = session?.accountId;
    if (wanted === undefined || !session || !accountId) return false;
    const current = Number(session.acr ?? 0);
    if (current >= wanted) return false;
    const account = await accounts.find(accountId);
    return account !== undefined && current < Math.min(wanted, accounts.reachableAcr(account));
  });
}
