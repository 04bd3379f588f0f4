import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { authMethods, type AuthFactor } from '@igs/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountsService, type Account, type LoginResult } from '../accounts/accounts.service.js';
import { passwordMatches } from '../accounts/passwords.js';
import { SmsCodesService } from '../sms/sms-codes.service.js';
import { OidcService } from './oidc.service.js';
import { stepUpCodePage, stepUpPasswordPage, stepUpSmsOfferPage } from './step-up-page.js';
import { stepUpReason } from './step-up.policy.js';

interface StepUp {
  account: Account;
  /** The factors the session's sign-in has used already. */
  used: string[];
  /** The factor to ask for: one the account has and the sign-in has not used. */
  missing: AuthFactor;
}

const tooMany = '尝试次数过多，账户已暂时锁定 / Too many attempts: try again later';

/**
 * The second factor of a person already signed in, when a client asks for a higher level
 * (`acr_values`, see step-up.policy.ts): a code by SMS after a password, or the password
 * after a code. The account is the session's; nothing else can be chosen here.
 */
@Controller('oidc/interaction')
export class StepUpController {
  constructor(
    private readonly oidc: OidcService,
    private readonly accounts: AccountsService,
    private readonly smsCodes: SmsCodesService,
  ) {}

  @Get(':uid/step-up')
  async show(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const stepUp = await this.stepUpOf(uid, request, reply);
    if (!stepUp) return mismatch(reply);
    return html(reply, 200, stepUp.missing === authMethods.sms ? stepUpSmsOfferPage(uid) : stepUpPasswordPage(uid));
  }

  @Post(':uid/step-up/sms-code')
  async sendCode(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const stepUp = await this.stepUpOf(uid, request, reply);
    if (stepUp?.missing !== authMethods.sms) return mismatch(reply);
    await this.smsCodes.sendToPerson(personIdOf(stepUp.account));
    return html(reply, 200, stepUpCodePage(uid));
  }

  @Post(':uid/step-up/sms')
  async confirmCode(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const stepUp = await this.stepUpOf(uid, request, reply);
    if (stepUp?.missing !== authMethods.sms) return mismatch(reply);
    const code = String(formOf(request).code ?? '');
    const result = await this.accounts.confirm(stepUp.account.accountId, request.ip, () => this.smsCodes.verifyFor(personIdOf(stepUp.account), code));
    if (!result.ok)
      return html(reply, status(result), stepUpCodePage(uid, result.reason === 'locked' ? tooMany : '验证码错误或已过期 / Wrong or expired code'));
    return this.finish(request, reply, stepUp, result.account);
  }

  @Post(':uid/step-up/password')
  async confirmPassword(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const stepUp = await this.stepUpOf(uid, request, reply);
    if (stepUp?.missing !== authMethods.password) return mismatch(reply);
    const password = String(formOf(request).password ?? '');
    const result = await this.accounts.confirm(stepUp.account.accountId, request.ip, (found) => passwordMatches(found.passwordHash, password));
    if (!result.ok) return html(reply, status(result), stepUpPasswordPage(uid, result.reason === 'locked' ? tooMany : '密码错误 / Wrong password'));
    return this.finish(request, reply, stepUp, result.account);
  }

  private async finish(request: FastifyRequest, reply: FastifyReply, stepUp: StepUp, account: Account) {
    reply.hijack();
    await this.oidc.finishSignIn(request.raw, reply.raw, account, [...stepUp.used, stepUp.missing]);
  }

  /** The interaction's step-up, when it is one: a login prompt for a further factor of the session's account. */
  private async stepUpOf(uid: string, request: FastifyRequest, reply: FastifyReply): Promise<StepUp | undefined> {
    const details = await this.oidc.provider.interactionDetails(request.raw, reply.raw);
    const accountId = details.session?.accountId;
    if (details.uid !== uid || details.prompt.name !== 'login' || !accountId || !details.prompt.reasons.every((reason) => reason === stepUpReason))
      return undefined;
    const account = await this.accounts.find(accountId);
    const used = (details.session?.amr as string[] | undefined) ?? [];
    const missing = account?.factors.find((factor) => !used.includes(factor));
    return account && missing ? { account, used, missing } : undefined;
  }
}

function personIdOf(account: Account): string {
  return account.accountId.slice('person:'.length);
}

function formOf(request: FastifyRequest): Record<string, unknown> {
  return (request.body ?? {}) as Record<string, unknown>;
}

function status(result: LoginResult): number {
  return !result.ok && result.reason === 'locked' ? 429 : 401;
}

function html(reply: FastifyReply, code: number, body: string) {
  return reply.status(code).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

function mismatch(reply: FastifyReply) {
  return reply.status(400).type('text/plain').send('interaction mismatch');
}
