import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actingForParameter, authMethods, type AuthFactor } from '@igs/contracts';
import { AccountsService, type Account } from '../accounts/accounts.service.js';
import { PersonsService } from '../persons/persons.service.js';
import { SmsCodesService } from '../sms/sms-codes.service.js';
import { IDENTITY_CONFIG, type IdentityConfig } from '../identity.options.js';
import { codePage, loginPage } from './login-page.js';
import { OidcService } from './oidc.service.js';
import { stepUpReason } from './step-up.policy.js';
import { allowedScopes, consentScopes } from './token-policy.js';

/**
 * The sign-in step of the authorization code flow: a login form, then consent, which is
 * given on the person's behalf for the platform's own first-party clients.
 */
@Controller('oidc/interaction')
export class InteractionController {
  constructor(
    private readonly oidc: OidcService,
    private readonly accounts: AccountsService,
    private readonly smsCodes: SmsCodesService,
    private readonly persons: PersonsService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const details = await this.oidc.provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== uid) return reply.status(400).type('text/plain').send('interaction mismatch');
    if (details.prompt.name === 'consent') return this.consent(request, reply);
    // Signed in already, and only a further factor is needed: the step-up asks for it alone.
    if (details.session?.accountId && details.prompt.reasons.every((reason) => reason === stepUpReason)) {
      return reply.redirect(`/oidc/interaction/${encodeURIComponent(uid)}/step-up`, 303);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(uid));
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const details = await this.oidc.provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== uid || details.prompt.name !== 'login') return reply.status(400).type('text/plain').send('interaction mismatch');
    const form = (request.body ?? {}) as Record<string, string>;
    const result = await this.accounts.loginWithPassword(String(form.login ?? ''), String(form.password ?? ''), request.ip);
    if (!result.ok) {
      const message =
        result.reason === 'locked' ? '尝试次数过多，账户已暂时锁定 / Too many attempts: try again later' : '账号或密码错误 / Wrong login or password';
      return reply
        .status(result.reason === 'locked' ? 429 : 401)
        .type('text/html; charset=utf-8')
        .send(loginPage(uid, message));
    }
    return this.finishLogin(request, reply, result.account, authMethods.password);
  }

  /** Sends a one-time code to the person's registered mobile; the page says the same whether or not one was sent. */
  @Post(':uid/sms-code')
  async sendCode(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const details = await this.oidc.provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== uid || details.prompt.name !== 'login') return reply.status(400).type('text/plain').send('interaction mismatch');
    const login = String(((request.body ?? {}) as Record<string, string>).login ?? '');
    await this.smsCodes.send(login);
    return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(codePage(uid, login));
  }

  @Post(':uid/sms-login')
  async loginWithCode(@Param('uid') uid: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const details = await this.oidc.provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== uid || details.prompt.name !== 'login') return reply.status(400).type('text/plain').send('interaction mismatch');
    const form = (request.body ?? {}) as Record<string, string>;
    const login = String(form.login ?? '');
    const code = String(form.code ?? '');
    const result = await this.accounts.login(
      login,
      request.ip,
      async (found) => found?.account.type === 'person' && (await this.smsCodes.verify(login, code)) === found.account.accountId,
    );
    if (!result.ok) {
      const message =
        result.reason === 'locked' ? '尝试次数过多，账户已暂时锁定 / Too many attempts: try again later' : '验证码错误或已过期 / Wrong or expired code';
      return reply
        .status(result.reason === 'locked' ? 429 : 401)
        .type('text/html; charset=utf-8')
        .send(codePage(uid, login, message));
    }
    return this.finishLogin(request, reply, result.account, authMethods.sms);
  }

  private async finishLogin(request: FastifyRequest, reply: FastifyReply, account: Account, factor: AuthFactor) {
    reply.hijack();
    await this.oidc.finishSignIn(request.raw, reply.raw, account, [factor]);
  }

  private async consent(request: FastifyRequest, reply: FastifyReply) {
    const provider = this.oidc.provider;
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const accountId = details.session?.accountId;
    const account = accountId ? await this.accounts.find(accountId) : undefined;
    if (!account) return reply.status(400).type('text/plain').send('no signed-in account');
    const scopes = consentScopes(details.params.scope, allowedScopes(account));
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(scopes.openId.join(' '));
    grant.addResourceScope(this.config.API_AUDIENCE, scopes.granted.join(' '));
    if (scopes.refused.length > 0) grant.rejectResourceScope(this.config.API_AUDIENCE, scopes.refused.join(' '));
    const enterprise = details.params[actingForParameter];
    if (typeof enterprise === 'string' && !(await this.persons.isAgent(accountId!, enterprise))) {
      reply.hijack();
      return provider.interactionFinished(
        request.raw,
        reply.raw,
        { error: 'access_denied', error_description: 'the signed-in person may not act for this enterprise' },
        { mergeWithLastSubmission: false },
      );
    }
    const grantId = await grant.save();
    if (typeof enterprise === 'string') await this.persons.recordActingFor(grantId, enterprise);
    reply.hijack();
    await provider.interactionFinished(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
}
