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

  @ForwardRoute(exchangeRoutes.createDemand)
  createDemand(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.createDemand, request);
  }

  @ForwardRoute(exchangeRoutes.listDemands)
  listDemands(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.listDemands, request);
  }

  @ForwardRoute(exchangeRoutes.getDemand)
  getDemand(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.getDemand, request);
  }

  @ForwardRoute(exchangeRoutes.approveDemand)
  approveDemand(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.approveDemand, request);
  }

  @ForwardRoute(exchangeRoutes.rejectDemand)
  rejectDemand(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.rejectDemand, request);
  }

  @ForwardRoute(exchangeRoutes.withdrawDemand)
  withdrawDemand(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.withdrawDemand, request);
  }

  @ForwardRoute(exchangeRoutes.listDocking)
  listDocking(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.listDocking, request);
  }

  @ForwardRoute(exchangeRoutes.suspendDocking)
  suspendDocking(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.suspendDocking, request);
  }

  @ForwardRoute(exchangeRoutes.resumeDocking)
  resumeDocking(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.resumeDocking, request);
  }

  @ForwardRoute(exchangeRoutes.revokeDocking)
  revokeDocking(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.revokeDocking, request);
  }

  @ForwardRoute(exchangeRoutes.listNegative)
  listNegative(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.listNegative, request);
  }

  @ForwardRoute(exchangeRoutes.addNegative)
  addNegative(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.addNegative, request);
  }

  @ForwardRoute(exchangeRoutes.listResponsibilities)
  listResponsibilities(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.listResponsibilities, request);
  }

  @ForwardRoute(exchangeRoutes.stats)
  stats(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.stats, request);
  }

  @ForwardRoute(exchangeRoutes.updateCatalog)
  updateCatalog(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.updateCatalog, request);
  }

  @ForwardRoute(exchangeRoutes.retireCatalog)
  retireCatalog(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.retireCatalog, request);
  }

  @ForwardRoute(exchangeRoutes.getDocking)
  getDocking(@Req() request: FastifyRequest) {
    return this.forwarder.forward(exchangeRoutes.getDocking, request);
  }
}
