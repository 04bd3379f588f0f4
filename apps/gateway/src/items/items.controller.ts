import { Controller, Req } from '@nestjs/common';
import { itemRoutes } from '@igs/contracts';
import type { FastifyRequest } from 'fastify';
import { ForwardRoute } from '../forwarding/forward-route.decorator.js';
import { RouteForwarder } from '../forwarding/route-forwarder.js';

@Controller()
export class ItemsController {
  constructor(private readonly forwarder: RouteForwarder) {}

  @ForwardRoute(itemRoutes.create)
  create(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.create, request);
  }

  @ForwardRoute(itemRoutes.search)
  search(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.search, request);
  }

  @ForwardRoute(itemRoutes.get)
  get(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.get, request);
  }

  @ForwardRoute(itemRoutes.getVersion)
  getVersion(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.getVersion, request);
  }

  @ForwardRoute(itemRoutes.update)
  update(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.update, request);
  }

  @ForwardRoute(itemRoutes.publish)
  publish(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.publish, request);
  }

  @ForwardRoute(itemRoutes.withdraw)
  withdraw(@Req() request: FastifyRequest) {
    return this.forwarder.forward(itemRoutes.withdraw, request);
  }
}
