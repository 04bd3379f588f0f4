import { Controller, Req } from '@nestjs/common';
import { exchangeRoutes } from '@igs/contracts';
import type { FastifyRequest } from 'fastify';
import { ForwardRoute } from '../forwarding/forward-route.decorator.js';
import { RouteForwarder } from '../forwarding/route-forwarder.js';

@Controller()
export class ExchangeController {
  constructor(private readonly forwarder: RouteForwarder) {}

  @ForwardRoute(exchangeRoutes.createCatalog)
  createCatalog(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.createCatalog, request);
  }

  @ForwardRoute(exchangeRoutes.searchCatalogs)
  searchCatalogs(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.searchCatalogs, request);
  }

  @ForwardRoute(exchangeRoutes.getCatalog)
  getCatalog(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.getCatalog, request);
  }

  @ForwardRoute(exchangeRoutes.publishCatalog)
  publishCatalog(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.publishCatalog, request);
  }

  @ForwardRoute(exchangeRoutes.listGuide)
  listGuide(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.listGuide, request);
  }

  @ForwardRoute(exchangeRoutes.putGuideCategory)
  putGuideCategory(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.putGuideCategory, request);
  }
}
