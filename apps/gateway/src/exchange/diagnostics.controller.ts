import { Controller, Req } from '@nestjs/common';
import { echoRoute } from '@igs/contracts';
import type { FastifyRequest } from 'fastify';
import { ForwardRoute } from '../forwarding/forward-route.decorator.js';
import { RouteForwarder } from '../forwarding/route-forwarder.js';

/** Mounted only with DIAGNOSTIC_ROUTES=true. */
@Controller()
export class DiagnosticsController {
  constructor(private readonly forwarder: RouteForwarder) {}

  @ForwardRoute(echoRoute)
  echo(@Req() request: FastifyRequest) {
    return this.forwarder.forward(echoRoute, request);
  }
}
