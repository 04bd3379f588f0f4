import { Controller, Req } from '@nestjs/common';
import { identityRoutes } from '@igs/contracts';
import type { FastifyRequest } from 'fastify';
import { ForwardRoute } from '../forwarding/forward-route.decorator.js';
import { RouteForwarder } from '../forwarding/route-forwarder.js';

@Controller()
export class IdentityController {
  constructor(private readonly forwarder: RouteForwarder) {}

  @ForwardRoute(identityRoutes.createApp)
  createApp(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.createApp, request);
  }

  @ForwardRoute(identityRoutes.listApps)
  listApps(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.listApps, request);
  }

  @ForwardRoute(identityRoutes.disableApp)
  disableApp(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.disableApp, request);
  }

  @ForwardRoute(identityRoutes.enableApp)
  enableApp(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.enableApp, request);
  }

  @ForwardRoute(identityRoutes.rotateAppSecret)
  rotateAppSecret(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.rotateAppSecret, request);
  }

  @ForwardRoute(identityRoutes.registerPerson)
  registerPerson(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.registerPerson, request);
  }

  @ForwardRoute(identityRoutes.registerEnterprise)
  registerEnterprise(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.registerEnterprise, request);
  }

  @ForwardRoute(identityRoutes.me)
  me(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.me, request);
  }

  @ForwardRoute(identityRoutes.rotateSigningKey)
  rotateSigningKey(@Req() request: FastifyRequest) {
    return this.forwarder.forward(identityRoutes.rotateSigningKey, request);
  }
}
