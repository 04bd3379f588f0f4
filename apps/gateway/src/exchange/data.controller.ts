import { Controller, Req } from '@nestjs/common';
import { callRoutes } from '@igs/contracts';
import type { FastifyRequest } from 'fastify';
import { ForwardRoute } from '../forwarding/forward-route.decorator.js';
import { RouteForwarder } from '../forwarding/route-forwarder.js';

/** The data-call path: department systems query and verify shared data. */
@Controller()
export class DataController {
  constructor(private readonly forwarder: RouteForwarder) {}

  @ForwardRoute(callRoutes.query)
  query(@Req() request: FastifyRequest) {
    return this.forwarder.forward(callRoutes.query, request);
  }

  @ForwardRoute(callRoutes.verify)
  verify(@Req() request: FastifyRequest) {
    return this.forwarder.forward(callRoutes.verify, request);
  }

  @ForwardRoute(callRoutes.listCalls)
  listCalls(@Req() request: FastifyRequest) {
    return this.forwarder.forward(callRoutes.listCalls, request);
  }
}
